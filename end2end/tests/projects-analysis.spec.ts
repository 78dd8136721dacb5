import { expect, test, Page } from '@playwright/test';
import { expectAccessible, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// The demo's SE-SURG recovery college project: the files demo's transcripts of P-01 and
// P-03, and the analysis demo's codebook, Tom's and Priya's coding, and two themes.

const PROJECT = 'Evaluation of the recovery college in south Essex';

async function openAnalysis(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await page.getByRole('link', { name: 'Analysis', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Analysis/ })).toBeVisible();
  return new URL(page.url()).pathname;
}

test('a researcher codes a transcript, builds a theme with a quote and compares two coders', async ({ page }) => {
  const analysis = await openAnalysis(page, 'tom@se-surg.example');
  await expect(page.getByRole('row', { name: /Getting there/ }).first()).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Code a transcript: tick two paragraphs, choose a code, add a memo.
  await page.getByRole('link', { name: 'Transcript of P-03' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transcript of P-03' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel(/^Paragraph 11: /).check();
  await page.getByLabel(/^Paragraph 7: /).check();
  await page.getByLabel('Code for the ticked paragraphs').selectOption({ label: 'Changes since the course' });
  await page.getByLabel('Memo (optional)').fill('Speaking up at appointments.');
  await page.getByRole('button', { name: 'Code the ticked paragraphs' }).click();
  await expect(page.getByText('The paragraphs are coded.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Changes since the course 7, 11 Tom Barker/ })).toBeVisible();
  await expect(page.getByText('Coded: Changes since the course (Tom Barker)').first()).toBeVisible();
  await expectAccessible(page);

  // Build a theme from that code, and pick a quote for it.
  await page.goto(`${analysis}/themes`);
  await expect(page.getByRole('heading', { level: 1, name: 'Themes and quotes' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const theme = `Finding a voice ${Date.now()}`;
  await page.getByLabel('Name of the theme').fill(theme);
  await page.getByLabel('What it is about (optional)').fill('People speak up for themselves after the course.');
  await page.getByLabel('Changes since the course', { exact: true }).check();
  await page.getByRole('button', { name: 'Add the theme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Theme: ${theme}` })).toBeVisible();
  await expect(page.getByText('The theme is added.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: /^Use as a quote \(P-03, Changes since the course\)/ }).first().click();
  await expect(page.getByText('The quote is added to the theme.')).toBeVisible();
  await expect(page.locator('#quotes blockquote').first()).toContainText('I speak up more at my appointments');
  await expectAccessible(page);

  // Compare Tom and Priya.
  await page.goto(`${analysis}/compare`);
  await hydrated(page);
  await page.getByLabel('First coder').selectOption({ label: 'Tom Barker' });
  await page.getByLabel('Second coder').selectOption({ label: 'Priya Shah' });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Tom Barker and Priya Shah' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Buses and distance/ })).toContainText('%');
  await expectAccessible(page);
});

test('the commissioner cannot open the analysis', async ({ page }) => {
  await signIn(page, 'sam.okafor@msenhs.example');
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('link', { name: 'Analysis', exact: true })).toHaveCount(0);
  const project = new URL(page.url()).pathname;
  await page.goto(`${project}/analysis`);
  await expect(page.getByRole('heading', { level: 1, name: 'We cannot find that page' })).toBeVisible();
  await expectAccessible(page);
});
