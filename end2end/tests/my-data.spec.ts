import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, linkIn, signIn, uniqueEmail, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

test('a trainee sees everything held about them, downloads it, and reads the privacy page', async ({ page }) => {
  await signIn(page, 'joan@trainee.example');
  await page.goto('/account');
  await page.getByRole('link', { name: 'See and download your data' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Training courses you joined' })).toBeVisible();
  await expect(page.getByText('joan@trainee.example')).toBeVisible();
  await expectAccessible(page);
  await expectAccessibleWithoutJs(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download it as a file (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('my-coresearch-data.json');
  const saved = await download.path();
  const data = JSON.parse(fs.readFileSync(saved!, 'utf8'));
  expect(data.sections[0].title).toBe('Your account');
  expect(JSON.stringify(data)).toContain('joan@trainee.example');
  expect(JSON.stringify(data)).not.toContain('margaret@whynot.example');

  await page.getByRole('link', { name: 'Privacy: what we keep and why' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy: what we keep and why' })).toBeVisible();
  await expectAccessible(page);
});

test('the data page asks people who are not signed in to sign in', async ({ page }) => {
  await page.goto('/account/my-data.json');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('someone erases their account after reading what it means, and cannot sign in with it again', async ({ page }) => {
  const email = uniqueEmail('wilfred');
  const password = 'marrow and runner beans';
  await page.goto('/register');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Wilfred Short');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
  await page.goto(linkIn((await latestMail(email, '/verify-email?token=')).text, '/verify-email?token='));
  await hydrated(page);
  await page.getByLabel('Your password').fill(password);
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await expect(page.getByText('your e-mail address is confirmed')).toBeVisible();
  await signIn(page, email, password);

  await page.goto('/account');
  await page.getByRole('link', { name: 'Erase your account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Erase your account' })).toBeVisible();
  await expect(page.getByText('This cannot be undone.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Not ticked: explained beside the box, nothing erased.
  await page.getByLabel('Your password').fill(password);
  await page.getByRole('button', { name: 'Erase my account' }).click();
  await expect(page.getByText('Tick the box to say you understand this cannot be undone').last()).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Your password').fill(password);
  await page.getByLabel('I understand that erasing my account cannot be undone').check();
  await page.getByRole('button', { name: 'Erase my account' }).click();
  await expect(page.getByText('Your account has been erased')).toBeVisible();
  await expectAccessible(page);

  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('The e-mail address or password is not right').first()).toBeVisible();
});
