import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, linkIn, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// These journeys use the demo's SE-SURG recovery college project in fieldwork: its NHS
// ethics application approved with the consent form (the ethics demo), and twelve
// participants, P-01 to P-12, with consent records (the consent demo).

const PROJECT = 'Evaluation of the recovery college in south Essex';

/** Signs in, opens the recovery college project, checks it with axe, and returns its path. */
async function openProject(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Recruitment progress' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  return new URL(page.url()).pathname;
}

test('a researcher records a withdrawal, and the participant is marked withdrawn everywhere', async ({ page, browser }) => {
  const project = await openProject(page, 'priya@se-surg.example');
  await page.getByRole('link', { name: 'Participants', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Participants/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'P-12', exact: true })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // The participant's page: name and consent for the researchers, then one-step withdrawal.
  await page.getByRole('link', { name: 'P-03', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Participant P-03' })).toBeVisible();
  await expect(page.getByText('Cleo Marchbanks')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /^Consent form version \d+, given on/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Reason (optional)').fill('Moving away and would rather stop now.');
  await page.getByRole('button', { name: 'Withdraw P-03' }).click();
  await expect(page.getByText('The withdrawal is recorded')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Withdrawn on / })).toBeVisible();
  await expect(page.getByText('Their data is marked as withdrawn and is left out of analysis and exports')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Withdraw P-03' })).toHaveCount(0);
  await expectAccessible(page);

  // The printable consent record says so too.
  await page.getByRole('link', { name: /^Printable consent record/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Consent record' })).toBeVisible();
  await expect(page.getByText('Withdrew on')).toBeVisible();
  await expect(page.getByText('Cleo Marchbanks')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // The list marks the row.
  await page.goto(`${project}/participants`);
  await expect(page.getByRole('row', { name: /P-03/ })).toContainText('Withdrawn');
  await expect(page.getByRole('row', { name: /P-01/ })).toContainText('Taking part');

  // Recruitment: the frame and the counts; a decline counted with its reason.
  await page.goto(`${project}/recruitment`);
  await expect(page.getByRole('heading', { level: 1, name: /^Recruitment/ })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: /Basildon community mental health team/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('People who said no').check();
  await page.getByLabel('How many people', { exact: true }).fill('2');
  await page.getByLabel('Not interested').check();
  await page.getByRole('button', { name: 'Save the count' }).click();
  await expect(page.getByText('The declines are counted.')).toBeVisible();
  await expectAccessible(page);

  // Without JavaScript: another withdrawal, from the page as the server sends it.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(`${project}/participants`);
  await plain.getByRole('link', { name: 'P-04', exact: true }).click();
  await expect(plain.getByRole('heading', { level: 1, name: 'Participant P-04' })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await plain.getByRole('button', { name: 'Withdraw P-04' }).click();
  await expect(plain.getByText('The withdrawal is recorded')).toBeVisible();
  await expect(plain.getByRole('heading', { level: 2, name: /^Withdrawn on / })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await noJs.close();
});

test('the commissioner sees recruitment progress but no identities', async ({ page }) => {
  const project = await openProject(page, 'sam.okafor@msenhs.example');
  const progress = page.locator('#recruitment');
  await expect(progress.getByText('Joined')).toBeVisible();
  await expect(progress.locator('dd').nth(2)).toHaveText('13');
  await expect(page.getByRole('link', { name: 'Participants', exact: true })).toHaveCount(0);
  const body = await page.content();
  for (const name of ['Ada Pennington', 'Cleo Marchbanks', 'Lionel Stourbridge', 'Marnie Oakhurst', '07700 900']) {
    expect(body).not.toContain(name);
  }

  for (const path of [`${project}/participants`, `${project}/recruitment`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
    expect(await page.content()).not.toContain('Ada Pennington');
    await hydrated(page);
    await expectAccessible(page);
  }
});

test('a researcher e-mails a consent link and the participant gives consent online', async ({ page, browser }) => {
  // P-05 (Esther Fairweather) has an e-mail address in her contact details.
  const project = await openProject(page, 'priya@se-surg.example');
  await page.goto(`${project}/participants`);
  await page.getByRole('link', { name: 'P-05', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Participant P-05' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Consent online' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'E-mail the participant a consent link' }).click();
  await expect(page.getByText('The consent link is e-mailed to the participant')).toBeVisible();
  await expect(page.getByText('Waiting for the participant')).toBeVisible();
  await expectAccessible(page);

  // The participant opens the link from the e-mail, without an account.
  const mail = await latestMail('esther.fw@example.org', '/consent/');
  const link = linkIn(mail.text, '/consent/');
  const visitor = await browser.newContext();
  const own = await visitor.newPage();
  await own.goto(link);
  await expect(own.getByRole('heading', { level: 1, name: 'Taking part in research: your consent' })).toBeVisible();
  await expect(own.getByRole('heading', { level: 2, name: /^Information sheet/ })).toBeVisible();
  await expect(own.getByRole('heading', { level: 2, name: /^Consent form \(version/ })).toBeVisible();
  await hydrated(own);
  await expectAccessible(own);
  const statements = own.getByRole('group', { name: 'Tick each statement you agree with' }).getByRole('checkbox');
  // Sent without a name: the message is beside the field and the ticks are kept.
  await statements.first().check();
  await own.getByRole('button', { name: 'I agree: give my consent' }).click();
  await expect(own.locator('#field-full_name-error')).toContainText('Enter your full name');
  await expect(statements.first()).toBeChecked();
  await expectAccessible(own);
  for (const box of await statements.all()) {
    await box.check();
  }
  await own.getByLabel('My words may be quoted in reports, without my name.').check();
  await own.getByLabel('My interview may be audio recorded.').check();
  await own.getByLabel('I may be contacted again about the findings.').check();
  await own.getByLabel('Your full name').fill('Esther Fairweather');
  await own.getByRole('button', { name: 'I agree: give my consent' }).click();
  await expect(own.getByRole('heading', { level: 1, name: 'Thank you: your consent is recorded' })).toBeVisible();
  await expectAccessible(own);
  // The link works once.
  await own.goto(link);
  await expect(own.getByRole('heading', { level: 1, name: 'This consent link cannot be used' })).toBeVisible();
  await visitor.close();

  // The researcher sees the online consent record.
  await page.reload();
  await expect(page.getByText(/Given online by the participant/).first()).toBeVisible();
  await expect(page.getByText(/Used: the participant gave consent online/)).toBeVisible();
  await expect(page.getByText('Name typed as their signature')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
});
