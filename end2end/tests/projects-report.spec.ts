import { expect, test, Page } from '@playwright/test';
import { expectAccessible, hydrated, signIn, signOut, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// WhyNot!'s finished project (Margaret leads, Helen Carter of Essex County Council is the
// commissioner). Its demo report has two versions; this journey adds two more.

const PROJECT = 'Day services for older people in Tendring: what would people choose?';

async function openReport(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await page.getByRole('link', { name: 'Report', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Report' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  return new URL(page.url()).pathname;
}

async function saveAndSend(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^Save as version \d+$/ }).click();
  await expect(page.getByText('The version is saved.')).toBeVisible();
  const heading = await page.getByRole('heading', { level: 1, name: /^Report, version \d+$/ }).textContent();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send for sign-off' }).click();
  await expect(page.getByText('The version is sent to the commissioner for sign-off.')).toBeVisible();
  await expectAccessible(page);
  return (heading ?? '').replace('Report, version ', '').trim();
}

test('the lead sends the report, the commissioner asks for changes, then signs off the new version', async ({ page }) => {
  const stamp = Date.now();
  const section = `Who came to the feedback seminar ${stamp}`;
  let report = await openReport(page, 'margaret@whynot.example');

  // Draft a section and the lay summary.
  await page.getByLabel('Section title').fill(section);
  await page.getByLabel('Text of the section').fill('Eighteen of the people we interviewed came to the seminar in Weeley.');
  await page.getByRole('button', { name: 'Add the section' }).click();
  await expect(page.getByText('The section is added at the end of the draft.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: section })).toBeVisible();
  await page.getByRole('textbox', { name: 'Lay summary' }).fill('We talked with 24 older people in Tendring. Friendship, a hot meal and transport mattered most.');
  await page.getByRole('button', { name: 'Save the lay summary' }).click();
  await expect(page.getByText('The lay summary is saved.')).toBeVisible();
  await expectAccessible(page);
  const first = await saveAndSend(page);
  await signOut(page);

  // The commissioner asks for changes.
  report = await openReport(page, 'helen.carter@essex-council.example');
  await page.getByRole('link', { name: `Version ${first}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Report, version ${first}` })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('What needs to change').fill('Please say how many people came from each village.');
  await page.getByRole('button', { name: 'Ask for changes' }).click();
  await expect(page.getByText('Your request for changes is sent.')).toBeVisible();
  await expect(page.getByText('Please say how many people came from each village.')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The lead edits the section, saves and sends the next version.
  report = await openReport(page, 'margaret@whynot.example');
  // The hidden words after "Change" are read as "Change : title" by some browsers.
  await page.getByRole('link', { name: new RegExp(`^Change ?: ${section}$`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Change the section: ${section}` })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Text of the section').fill('Eighteen of the people we interviewed came to the seminar in Weeley.\n\n- Weeley: 7\n- Thorpe-le-Soken: 6\n- Great Bentley: 5');
  await page.getByRole('button', { name: 'Save the section' }).click();
  await expect(page.getByText('The section is saved.')).toBeVisible();
  await expectAccessible(page);
  const second = await saveAndSend(page);
  expect(second).not.toEqual(first);
  // The differences from the version the commissioner saw, marked in words.
  await page.getByRole('link', { name: `Compare with version ${first}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Compare version \d+ with version \d+$/ })).toBeVisible();
  await expect(page.getByText('Added: - Weeley: 7')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await signOut(page);

  // The commissioner signs off the new version; the print page shows the sign-off line.
  report = await openReport(page, 'helen.carter@essex-council.example');
  await page.getByRole('link', { name: `Version ${second}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Report, version ${second}` })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByText('You have signed off this version.')).toBeVisible();
  await expect(page.getByText('Signed off by the commissioner').first()).toBeVisible();
  await expectAccessible(page);
  await page.goto(`${report}/print`);
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByText(/^Signed off for Essex County Council by Helen Carter on /)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
});
