import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// These journeys use the demo's SE-SURG recovery college project in fieldwork: approved
// ethics (the ethics demo), participants P-01 to P-12 with P-09 withdrawn (the consent
// demo), and six interviews and a focus group held with debriefs (the fieldwork demo).

const PROJECT = 'Evaluation of the recovery college in south Essex';

async function openProject(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  return new URL(page.url()).pathname;
}

test('a researcher plans an interview, adds a consented participant, marks it held and writes a debrief', async ({ page }) => {
  const project = await openProject(page, 'tom@se-surg.example');
  await page.getByRole('link', { name: 'Fieldwork', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Fieldwork/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Debriefs shared with you' })).toHaveCount(0);
  await expect(page.getByRole('rowheader', { name: /^Focus group on / })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Plan an interview today, with Tom ticked as present.
  await page.getByLabel('Interview', { exact: true }).check();
  await page.getByLabel('Start time (optional)').fill('10:30');
  await page.getByLabel('Where it happens').fill('Southend library, quiet room');
  await page.getByLabel('Step-free access').check();
  await page.getByLabel('Hearing loop').check();
  await expect(page.getByLabel('Tom Barker')).toBeChecked();
  await page.getByRole('button', { name: 'Plan the session' }).click();
  await expect(page.getByText('The session is planned.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /^Interview on / })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // The withdrawn participant is refused beside the field; a consented one is added.
  await page.getByLabel('Participant', { exact: true }).selectOption({ label: 'P-09 (withdrawn)' });
  await page.getByRole('button', { name: 'Add to the session' }).click();
  await expect(page.locator('#field-participant_id-error')).toContainText('P-09 cannot join this interview');
  await expect(page.locator('#field-participant_id-error')).toContainText('has withdrawn');
  await expectAccessible(page);
  await page.getByLabel('Participant', { exact: true }).selectOption({ label: 'P-12' });
  await page.getByRole('button', { name: 'Add to the session' }).click();
  await expect(page.getByText('The participant is added to the session.')).toBeVisible();
  await expect(page.locator('.session-participants')).toContainText('P-12');

  // The printable pack: approved versions, a consent form for P-12.
  await page.getByRole('link', { name: 'Print the fieldwork pack' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fieldwork pack' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Consent form for P-12' })).toBeVisible();
  await expect(page.getByText(/Record paper consent against version \d+/)).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Back to the session' }).click();

  // Held, with its length and notes.
  await page.getByLabel('How long it lasted, in minutes').fill('40');
  await page.getByLabel('Notes (optional)').fill('P-12 talked about the booking form.');
  await page.getByRole('button', { name: 'Mark as held' }).click();
  await expect(page.getByText('The session is marked held.')).toBeVisible();
  await expect(page.getByText('0 of 1 debrief done')).toBeVisible();
  await expectAccessible(page);
  // A mistake in the notes is corrected afterwards, and the history says so.
  await hydrated(page);
  await page.getByLabel('Notes (optional)').fill('P-12 talked about the booking form and the bus times.');
  await page.getByRole('button', { name: 'Save the corrected notes' }).click();
  await expect(page.getByText('The corrected length and notes are saved.')).toBeVisible();
  await expect(page.locator('#notes')).toContainText('the bus times');
  await expect(page.getByText('Length and notes corrected').first()).toBeVisible();
  await expectAccessible(page);
  await hydrated(page);

  // The debrief, only for Tom (and whoever he names).
  await page.getByLabel('Okay', { exact: true }).check();
  await page.getByLabel('Did anything upset you? (optional)').fill('A long day, but fine.');
  await page.getByLabel('No, not now').check();
  await page.getByRole('button', { name: 'Save my debrief' }).click();
  await expect(page.getByText('Your debrief is saved.')).toBeVisible();
  await expect(page.getByText('1 of 1 debrief done')).toBeVisible();
  await page.getByRole('link', { name: 'Read your debrief' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Your debrief/ })).toBeVisible();
  await expect(page.getByText('A long day, but fine.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // The list shows it, with the count of sessions held on the project page.
  await page.goto(`${project}/fieldwork`);
  await expect(page.getByRole('rowheader', { name: /^Interview on .* at 10:30$/ }).first()).toBeVisible();
  await page.goto(project);
  await expect(page.locator('#recruitment dt', { hasText: 'Sessions held' })).toBeVisible();
});

test('without JavaScript a session is planned, and a mistake comes back beside its field', async ({ page, browser }) => {
  const project = await openProject(page, 'priya@se-surg.example');
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(`${project}/fieldwork`);
  await expect(plain.getByRole('heading', { level: 1, name: /^Fieldwork/ })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await plain.getByLabel('Survey', { exact: true }).check();
  await plain.getByRole('button', { name: 'Plan the session' }).click();
  await expect(plain.locator('#field-venue-error')).toContainText('Enter where it happens');
  await expect(plain.getByLabel('Survey', { exact: true })).toBeChecked();
  await expectAccessibleWithoutJs(plain);
  await plain.getByLabel('Where it happens').fill('By telephone');
  await plain.getByRole('button', { name: 'Plan the session' }).click();
  await expect(plain.getByText('The session is planned.')).toBeVisible();
  await expect(plain.getByRole('heading', { level: 1, name: /^Survey on / })).toBeVisible();
  await expectAccessibleWithoutJs(plain);

  // The demo focus group: P-09 withdrew afterwards and is marked so.
  await plain.goto(`${project}/fieldwork`);
  await plain.getByRole('link', { name: /^Focus group on / }).click();
  await expect(plain.locator('.session-participants')).toContainText('P-09');
  await expect(plain.locator('.session-participants li', { hasText: 'P-09' })).toContainText('Withdrawn');
  await noJs.close();
});

test('the supporter reads a debrief shared with her, and the commissioner sees counts only', async ({ page }) => {
  const project = await openProject(page, 'nadia.bell@aru.example');
  // Her dashboard lists debriefs shared with her, without what they say.
  await page.goto('/dashboard');
  const panel = page.getByRole('region', { name: 'Debriefs shared with you' });
  await expect(panel.getByText('Asked for support').first()).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.goto(`${project}/fieldwork`);
  await expect(page.getByRole('heading', { level: 2, name: 'Debriefs shared with you' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.locator('#shared li', { hasText: 'Asked for support' }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Debrief from Tom Barker/ })).toBeVisible();
  await expect(page.getByText('They would like support.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const debrief = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // The commissioner: the count of sessions held, nothing else.
  await openProject(page, 'sam.okafor@msenhs.example');
  await expect(page.locator('#recruitment dt', { hasText: 'Sessions held' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Fieldwork', exact: true })).toHaveCount(0);
  let body = await page.content();
  for (const secret of ['P-07', 'Southend library', 'hospital stay', 'shaky']) {
    expect(body).not.toContain(secret);
  }
  for (const path of [`${project}/fieldwork`, debrief.replace(/\/debriefs\/\d+$/, ''), `${debrief.replace(/\/debriefs\/\d+$/, '')}/pack`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
    body = await page.content();
    expect(body).not.toContain('P-07');
    expect(body).not.toContain('hospital stay');
    await hydrated(page);
    await expectAccessible(page);
  }
  await page.goto(debrief);
  await expect(page.getByRole('heading', { level: 1, name: 'We cannot find that page' })).toBeVisible();
  expect(await page.content()).not.toContain('shaky');
  await expectAccessible(page);
});
