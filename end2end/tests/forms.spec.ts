import { test, expect, Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, expectAccessibleWithoutJs, hydrated, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// This server's sessions end after one idle minute (scripts/test.sh starts it).
const shortSessionURL = `http://127.0.0.1:${process.env.E2E_SHORT_PORT ?? '3113'}`;
const COURSE = 'Research skills for citizen researchers';

async function openModuleAndWrite(browser: Browser, javaScriptEnabled: boolean, email: string, text: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: shortSessionURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  if (javaScriptEnabled) await hydrated(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await page.goto('/training');
  await page.getByRole('link', { name: COURSE }).first().click();
  await page.getByRole('link', { name: 'Ethics, informed consent and confidentiality' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Module 3 of 12/ })).toBeVisible();
  if (javaScriptEnabled) await hydrated(page);
  await page.getByLabel('Your reflection').fill(text);
  return page;
}

async function signInAgainAndSend(page: Page, email: string, text: string, javaScriptEnabled: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Save to my learning log' }).click();
  // The session had ended: nothing saved yet, what was typed kept, sign in again.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('We have kept what you typed')).toBeVisible();
  expect(page.url()).not.toContain('reflection');
  if (javaScriptEnabled) {
    await expectAccessible(page);
    await hydrated(page);
  } else {
    await expectAccessibleWithoutJs(page);
  }
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Send your form' })).toBeVisible();
  if (javaScriptEnabled) await expectAccessible(page);
  else await expectAccessibleWithoutJs(page);
  await page.getByRole('button', { name: 'Send it now' }).click();

  // Back on the module, the reflection saved once.
  await expect(page.getByRole('heading', { level: 1, name: /Module 3 of 12/ })).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(1);
  if (javaScriptEnabled) await expectAccessible(page);
  else await expectAccessibleWithoutJs(page);
}

test('a reflection sent after the session ended is kept, and sent after signing in again', async ({ browser }) => {
  test.setTimeout(240_000);
  const withoutJs = 'Written slowly, without JavaScript, over a cup of tea.';
  const withJs = 'Written slowly, with JavaScript on, over lunch.';
  const plain = await openModuleAndWrite(browser, false, 'irene@trainee.example', withoutJs);
  const enhanced = await openModuleAndWrite(browser, true, 'joan@trainee.example', withJs);
  // Both sessions end after a minute without use.
  await plain.waitForTimeout(70_000);
  await signInAgainAndSend(plain, 'irene@trainee.example', withoutJs, false);
  await signInAgainAndSend(enhanced, 'joan@trainee.example', withJs, true);
});
