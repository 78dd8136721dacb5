import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { expectAccessible, expectAccessibleWithoutJs, signIn } from './helpers';

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
