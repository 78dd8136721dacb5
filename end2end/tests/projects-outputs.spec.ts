import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, signIn, signOut, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// WhyNot!'s finished day services study: Margaret (the lead) adds an output; its public page,
// agreed by WhyNot! and Essex County Council, is open to everyone; when the council stops
// agreeing the page is gone, and comes back when it agrees again.

const PROJECT = "Day services for older people in Tendring: what would people choose?";

test('outputs are listed and the public page shows only while both sides agree', async ({ page }) => {
  await signIn(page, 'margaret@whynot.example');
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await page.getByRole('link', { name: 'Outputs and the public page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outputs and sharing the findings' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  const title = `Findings data on Zenodo (${Date.now()})`;
  await page.getByLabel('Kind of output').selectOption({ label: 'Link to a repository' });
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Who it is for').fill('Other researchers');
  await page.getByLabel('Date').fill('2026-11-20');
  await page.getByRole('button', { name: 'Add the output' }).click();
  await expect(page.getByText('Enter the address of the repository, starting with https://').first()).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await page.getByLabel('Web address (optional)').fill('https://zenodo.org/records/4242');
  await page.getByLabel('Show it on the public page').check();
  await page.getByRole('button', { name: 'Add the output' }).click();
  await expect(page.getByText('The output is added.')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveAttribute('href', 'https://zenodo.org/records/4242');
  await expect(page.getByText('The public page is shown: both the research group and the commissioner agreed.')).toBeVisible();
  await page.getByRole('link', { name: 'Open the public page' }).click();
  const publicPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What we found, in brief' })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await signOut(page);

  // Anyone can read it, signed in or not.
  await page.goto(publicPath);
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByText('Presentation to the day services board')).toHaveCount(0);
  await hydrated(page);
  await expectAccessible(page);

  // The commissioner stops agreeing: the page is gone for everyone.
  await signIn(page, 'helen.carter@essex-council.example');
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await page.getByRole('link', { name: 'Outputs and the public page' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Stop showing the public page (for the commissioner)' }).click();
  await expect(page.getByText('Your agreement is withdrawn: the public page is not shown.')).toBeVisible();
  await expect(page.getByText(/waiting for the commissioner/)).toBeVisible();
  await expectAccessible(page);
  await page.goto(publicPath);
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toHaveCount(0);
  await page.goBack();
  await hydrated(page);
  await page.getByRole('button', { name: 'Agree to show the public page (for the commissioner)' }).click();
  await expect(page.getByText('Your agreement to the public page is recorded.')).toBeVisible();
  await page.goto(publicPath);
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
});
