import { expect, test } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, linkIn, signIn, signOut, uniqueEmail, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

test('a newcomer registers, confirms their address from the e-mail, signs in and sets display preferences', async ({ page }) => {
  const email = uniqueEmail('rosemary');
  const password = 'blackberry jam sunday';

  await page.goto('/');
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Create an account' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await expectAccessible(page);

  // Mistakes are explained beside the fields, and what was typed stays.
  await page.getByLabel('Your name').fill('Rosemary Platt');
  await page.getByLabel('E-mail address').fill('rosemary-at-home');
  await page.getByLabel('Choose a password').fill('short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('alert')).toContainText('There are problems with 2 answers');
  await expect(page.getByText('Enter an e-mail address in the right form')).toHaveCount(2);
  await expect(page.getByLabel('Your name')).toHaveValue('Rosemary Platt');
  await expect(page.getByLabel('E-mail address')).toHaveValue('rosemary-at-home');
  await expectAccessible(page);

  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
  await expectAccessible(page);

  const mail = await latestMail(email, '/verify-email?token=');
  expect(mail.subject).toContain('Confirm your e-mail address');
  expect(mail.text).toContain('You are getting this e-mail because');
  await page.goto(linkIn(mail.text, '/verify-email?token='));
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your password').fill(password);
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await expect(page.getByText('your e-mail address is confirmed')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Rosemary Platt' })).toBeVisible();
  await expect(page.getByText('You are not in any group or organisation yet.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Larger text').check();
  await page.getByLabel('High contrast').check();
  await page.getByRole('button', { name: 'Save display preferences' }).click();
  await expect(page.getByText('Your display choices are saved')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/pref-large-text/);
  await expect(page.locator('html')).toHaveClass(/pref-high-contrast/);
  await expectAccessible(page);

  // The choice holds on every page, straight from the server.
  await page.goto('/dashboard');
  await expect(page.locator('html')).toHaveClass('pref-large-text pref-high-contrast');

  await page.goto('/account');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('Rosemary Platt-Jones');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Your name is saved.')).toBeVisible();
  await expect(page.getByText('Signed in as')).toContainText('Rosemary Platt-Jones');
  await signOut(page);
  await expectAccessible(page);
});

test('someone who forgot their password chooses a new one from the e-mailed link', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Forgotten your password?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('E-mail address').fill('sheila@whynot.example');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByText('If there is an account for that address')).toBeVisible();
  await expectAccessible(page);

  const mail = await latestMail('sheila@whynot.example', '/reset-password?token=');
  const link = linkIn(mail.text, '/reset-password?token=');
  await page.goto(link);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('New password').fill('password123');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await expect(page.getByText('too easy to guess').first()).toBeVisible();
  await page.getByLabel('New password').fill('lighthouse at walton');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await expect(page.getByText('Your new password is saved')).toBeVisible();

  await page.getByLabel('E-mail address').fill('sheila@whynot.example');
  await page.getByLabel('Password').fill('lighthouse at walton');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Sheila Morton' })).toBeVisible();

  // The link worked once only.
  await page.goto(link);
  await expect(page.getByText('already been used')).toBeVisible();
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in and out works, and a wrong password is explained beside the field', async ({ page }) => {
    await page.goto('/sign-in');
    await expectAccessibleWithoutJs(page);
    await page.getByLabel('E-mail address').fill('tom@se-surg.example');
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('The e-mail address or password is not right').first()).toBeVisible();
    await expect(page.getByLabel('E-mail address')).toHaveValue('tom@se-surg.example');
    await expectAccessibleWithoutJs(page);

    await page.getByLabel('Password').fill('coresearch-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Barker' })).toBeVisible();
    await expectAccessibleWithoutJs(page);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByText('You have signed out')).toBeVisible();
  });
});

test('pages that need a sign-in send people to sign in and back', async ({ page }) => {
  await page.goto('/organisations');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('E-mail address').fill('dennis@whynot.example');
  await page.getByLabel('Password').fill('coresearch-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your groups and organisations' })).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
});

test('an unknown address shows a friendly page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'We cannot find that page' })).toBeVisible();
  await expectAccessible(page);
});

test('signIn helper works for demo logins', async ({ page }) => {
  await signIn(page, 'helen.carter@essex-council.example');
  await expect(page.getByText('Commissioning body')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
});
