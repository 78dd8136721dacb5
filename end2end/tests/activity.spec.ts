import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// WhyNot!'s activity report: Margaret opens it from the group's page, asks for a year that
// is too early and is told beside the field, then reads the years 2024 to now with their charts.

test("a group's activity report for chosen years", async ({ page }) => {
  const year = new Date().getFullYear();
  await signIn(page, 'margaret@whynot.example');
  await page.goto('/organisations/whynot');
  await page.getByRole('link', { name: 'Activity report: projects, training, outputs and impact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Activity report ${year - 4} to ${year}` })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  await page.getByLabel('From the year').fill('1990');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect(page.getByText(/Enter a year from 2000/).first()).toBeVisible();
  await expect(page.getByLabel('From the year')).toHaveValue('1990');
  await expectAccessible(page);

  await page.getByLabel('From the year').fill('2024');
  await page.getByLabel('To the year').fill(String(year));
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Activity report 2024 to ${year}` })).toBeVisible();
  await expect(page.getByRole('img', { name: new RegExp(`Projects agreed each year, 2024 to ${year}`) })).toBeVisible();
  await expect(page.getByRole('row', { name: /Essex County Council/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /A service changed/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the figures as a spreadsheet (CSV)' }))
    .toHaveAttribute('href', `/organisations/whynot/activity.csv?from=2024&to=${year}`);
  await hydrated(page);
  await expectAccessible(page);
});
