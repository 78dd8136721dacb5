import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, expectAccessibleWithoutJs, hydrated, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// These journeys run against the second server, whose database holds the demo data plus
// bulk data from `server seed-scale` (scripts/test.sh starts it), so lists are long.
const scaleURL = `http://127.0.0.1:${process.env.E2E_SCALE_PORT ?? '3112'}`;
test.use({ baseURL: scaleURL });
test.skip(!process.env.E2E_SCALE_COMMAND, 'the bulk-data server is started by scripts/test.sh');

async function signInWithoutJs(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a coordinator pages through open briefs, and a filter stays chosen from page to page', async ({ page }) => {
    await signInWithoutJs(page, 'margaret@whynot.example');
    await page.goto('/briefs');
    await expect(page.getByRole('heading', { level: 1, name: 'Research briefs' })).toBeVisible();
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(pages).toBeVisible();
    await expect(page.getByText(/^Showing 1 to 25 of \d+ briefs$/)).toBeVisible();
    await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
    await expectAccessibleWithoutJs(page);

    await pages.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await expect(page.getByText(/^Showing 26 to \d+ of \d+ briefs$/)).toBeVisible();
    await expect(pages.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
    await expect(pages.getByRole('link', { name: 'Previous page' })).toBeVisible();
    await expectAccessibleWithoutJs(page);

    // A filter chosen on the form is kept by every page link.
    await page.getByLabel('Status').selectOption({ label: 'All' });
    await page.getByRole('button', { name: 'Show briefs' }).click();
    await expect(page).toHaveURL(/status=all/);
    await expect(page).not.toHaveURL(/page=2/);
    await pages.getByRole('link', { name: 'Page 2' }).click();
    await expect(page).toHaveURL(/status=all/);
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByLabel('Status')).toHaveValue('all');
    await expectAccessibleWithoutJs(page);

    // The last page has no "Next" link.
    const last = pages.getByRole('listitem').last().getByRole('link');
    await last.click();
    await expect(pages.getByRole('link', { name: 'Next page' })).toHaveCount(0);
    await expect(page.getByLabel('Status')).toHaveValue('all');
  });

  test('an administrator pages through every organisation', async ({ page }) => {
    await signInWithoutJs(page, 'admin@coresearch.example');
    await page.goto('/organisations');
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(page.getByText(/^Showing 1 to 25 of \d+ groups and organisations$/)).toBeVisible();
    // From the first page, its neighbour and the last page are offered; the pages
    // between appear as you move along.
    await pages.getByRole('link', { name: 'Page 2' }).click();
    await expect(page).toHaveURL(/page=2/);
    await pages.getByRole('link', { name: 'Page 3' }).click();
    await expect(page).toHaveURL(/page=3/);
    await expect(page.getByText(/^Showing 51 to \d+ of \d+ groups and organisations$/)).toBeVisible();
    await expectAccessibleWithoutJs(page);
  });
});

test('with JavaScript, a coordinator pages through a group of many members', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill('margaret@whynot.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await page.getByRole('link', { name: 'WhyNot!' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'WhyNot!' })).toBeVisible();
  await expect(page.getByText(/^Showing 1 to 25 of \d+ people$/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^Showing 26 to \d+ of \d+ people$/)).toBeVisible();
  await expectAccessible(page);
});
