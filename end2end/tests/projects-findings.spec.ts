import { expect, test, Page } from '@playwright/test';
import { expectAccessible, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// The demo's SE-SURG recovery college project: participants from the consent demo (some
// agreed to be contacted again, with and without e-mail; P-09 has withdrawn) and two themes
// from the analysis demo.

const PROJECT = 'Evaluation of the recovery college in south Essex';
const GATE_LINE = 'A feedback event with participants is recorded, or the reason why there was none';

async function openFindings(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await page.getByRole('link', { name: 'Check findings with participants', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check findings with participants' })).toBeVisible();
  return new URL(page.url()).pathname;
}

function today(): string {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

/** Today as the pages write it, e.g. "3 November 2026". */
function todayInWords(): string {
  return new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

test('a researcher writes the summary, sends it, prints the letters, records a feedback event and corrects it', async ({ page }) => {
  const findings = await openFindings(page, 'tom@se-surg.example');
  await hydrated(page);
  await expectAccessible(page);

  // The summary starts from the themes; Tom writes his own and saves it.
  const summary = page.getByRole('textbox', { name: 'Summary for participants' });
  await expect(summary).toHaveValue(/Getting there is half the battle/);
  await summary.fill('Thank you for talking to us. Getting to the college was the hardest part. Peer tutors made people feel at home.');
  await page.getByRole('button', { name: 'Save the summary' }).click();
  await expect(page.getByText('The summary for participants is saved.')).toBeVisible();
  await expectAccessible(page);

  // Send it: e-mails go to those who agreed and have an address; letters wait for the rest.
  await page.getByRole('button', { name: 'Send the saved summary to participants' }).click();
  await expect(page.getByText(/The summary is sent\./)).toBeVisible();
  await expect(page.getByText(/letters are waiting to be printed/).first()).toBeVisible();
  await expectAccessible(page);

  // The letters: one a page, for people without e-mail who agreed to be contacted again.
  await page.getByRole('link', { name: 'Open the letters to print' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Letters to print' })).toBeVisible();
  const letter = page.getByRole('article', { name: 'Letter for P-02' });
  await expect(letter).toContainText('Benedict Orrow');
  await expect(letter).toContainText('Peer tutors made people feel at home.');
  await expect(page.getByRole('article', { name: 'Letter for P-01' })).toHaveCount(0);
  await hydrated(page);
  await expectAccessible(page);

  // A feedback event with a comment against a theme meets the gate's line.
  await page.goto(findings);
  await hydrated(page);
  await page.getByLabel('Date of the event').fill(today());
  await page.getByLabel('How many people came').fill('12');
  await page.getByLabel('Note (optional)').fill('An afternoon at the recovery college, with tea.');
  await page.getByLabel('About the theme: Getting there is half the battle').fill('People asked for a minibus from Basildon.');
  await page.getByRole('button', { name: 'Record the feedback event' }).click();
  await expect(page.getByText('The feedback event is recorded.')).toBeVisible();
  await expect(page.getByText('12 people came.').first()).toBeVisible();
  await expect(page.getByText('People asked for a minibus from Basildon.').first()).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: GATE_LINE })).toContainText('(done)');
  await expectAccessible(page);

  // The event's own page: the form is filled in with what was saved.
  await page.getByRole('link', { name: `Change the feedback event on ${todayInWords()}` }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: `Feedback event on ${todayInWords()}` })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel('How many people came')).toHaveValue('12');
  await expect(page.getByLabel('About the theme: Getting there is half the battle')).toHaveValue('People asked for a minibus from Basildon.');
  await expect(page.getByRole('button', { name: 'Remove the feedback event' })).toBeVisible();
  await expectAccessible(page);

  // A count that is not a number comes back beside its field, with what was typed kept.
  await page.getByLabel('How many people came').fill('about fourteen');
  await page.getByLabel('Note (optional)').fill('An afternoon at the recovery college, with tea and cake.');
  await page.getByRole('button', { name: 'Save the changes' }).click();
  await expect(page.getByText('Enter how many people came as a whole number, for example 12').first()).toBeVisible();
  await expect(page.getByLabel('How many people came')).toHaveValue('about fourteen');
  await expect(page.getByLabel('Note (optional)')).toHaveValue('An afternoon at the recovery college, with tea and cake.');
  await expectAccessible(page);

  // Corrected: back on the findings page with the new count and note.
  await page.getByLabel('How many people came').fill('14');
  await page.getByRole('button', { name: 'Save the changes' }).click();
  await expect(page.getByText('The feedback event is corrected.')).toBeVisible();
  await expect(page.getByText('14 people came.').first()).toBeVisible();
  await expect(page.getByText('An afternoon at the recovery college, with tea and cake.').first()).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: GATE_LINE })).toContainText('(done)');
  await expectAccessible(page);
});

test('the commissioner cannot open the findings', async ({ page }) => {
  await signIn(page, 'sam.okafor@msenhs.example');
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('link', { name: 'Check findings with participants', exact: true })).toHaveCount(0);
  const project = new URL(page.url()).pathname;
  await page.goto(`${project}/findings`);
  await expect(page.getByRole('heading', { level: 1, name: 'We cannot find that page' })).toBeVisible();
  await expectAccessible(page);
});
