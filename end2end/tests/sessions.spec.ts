import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// Alan left himself signed in on the day centre's shared computer. At home he sees it on his
// account page and signs out everywhere; the shared computer is signed out too.

test('someone signed in on a shared computer signs out everywhere from home', async ({ browser }) => {
  const dayCentre = await browser.newContext();
  const shared = await dayCentre.newPage();
  await signIn(shared, 'alan@nern.example');

  const home = await browser.newContext();
  const page = await home.newPage();
  await signIn(page, 'alan@nern.example');
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await hydrated(page);
  const sessions = page.getByRole('region', { name: 'Where you are signed in' });
  await expect(sessions.getByText('(this browser)')).toBeVisible();
  // The other browser can be signed out on its own, or everything at once.
  await expect(sessions.getByRole('button', { name: /^Sign out there ?: .*, last used / }).first()).toBeVisible();
  await expectAccessible(page);

  await sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('You have signed out on every computer and phone.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0);
  await expectAccessible(page);

  // The shared computer asks for a sign-in again.
  await shared.goto('/account');
  await expect(shared.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectAccessible(shared);
  await dayCentre.close();
  await home.close();
});
