import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, signIn, signOut, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

function ukDate(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

async function signInChecked(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await hydrated(page);
  await expectAccessible(page);
}

async function signOutChecked(page: Page): Promise<void> {
  await signOut(page);
  await expectAccessible(page);
}

async function field(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(value);
}

/** A brief awarded to WhyNot!: its project starts at 'agreed', led by Margaret, with Helen as contact. */
async function awardedProject(page: Page, title: string): Promise<string> {
  await signIn(page, 'helen.carter@essex-council.example');
  await page.goto('/briefs/new');
  await hydrated(page);
  await field(page, 'Title', title);
  await field(page, 'Summary in plain language', 'Find out what helps older people keep going to day centres.');
  await field(page, 'Questions the research should answer', 'What helps? What gets in the way?');
  await page.getByLabel('Who the research is about').selectOption({ label: 'Older people' });
  await field(page, 'Expected outputs', 'A short report.');
  await field(page, 'From', '4000');
  await field(page, 'To', '6000');
  await field(page, 'Responses due by', ukDate(21));
  await field(page, 'Expected start', ukDate(35));
  await field(page, 'Report due by', ukDate(200));
  await field(page, 'Contact name', 'Helen Carter');
  await field(page, 'Contact e-mail address', 'helen.carter@essex-council.example');
  await page.getByRole('button', { name: 'Save draft brief' }).click();
  await expect(page.getByText('Your draft brief is saved')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Publish to research groups' }).click();
  await expect(page.getByText('The brief is published')).toBeVisible();
  await signOut(page);

  await signIn(page, 'margaret@whynot.example');
  await page.goto('/briefs');
  await page.getByRole('link', { name: title, exact: true }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Start a response for WhyNot!' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `WhyNot!'s response to ${title}` })).toBeVisible();
  await hydrated(page);
  await field(page, 'Proposed approach and methods', 'Peer interviews at day centres.');
  await field(page, 'How people with lived experience lead and take part', 'Our members design the questions and interview.');
  await field(page, 'The team', 'Margaret and Dennis.');
  await field(page, 'Timeline', 'Four months.');
  await field(page, 'Planned ethics route', 'Anglia Ruskin University research ethics committee.');
  await field(page, 'Peer researcher hours', '100');
  await field(page, 'Hourly rate for peer researchers', '15');
  await field(page, 'Expenses', '400');
  await field(page, 'Academic support', '1000');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Your draft is saved')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Send the response' }).click();
  await expect(page.getByText('Your response is sent to the commissioner')).toBeVisible();
  await signOut(page);

  await signIn(page, 'helen.carter@essex-council.example');
  await page.goto('/briefs/mine');
  await page.getByRole('link', { name: `1 response to ${title}` }).click();
  await hydrated(page);
  await page.getByLabel('Which response wins').selectOption({ label: 'WhyNot! (£2,900)' });
  await page.getByRole('button', { name: 'Award the brief' }).click();
  await expect(page.getByText('The brief is awarded and this project is set up')).toBeVisible();
  const url = page.url().split('?')[0];
  await signOut(page);
  return url;
}

test('a coordinator builds the team and the plan, the supporter signs off, and the lead passes into ethics', async ({ page, browser }) => {
  const title = `Day centres ${Date.now()}`;
  const project = await awardedProject(page, title);

  // The coordinator (the project lead) builds the team.
  await signInChecked(page, 'margaret@whynot.example');
  await page.goto(project);
  await expect(page.getByRole('heading', { level: 2, name: 'Next step: from agreed to planning' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Team', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The team' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Who', { exact: true }).first().selectOption({ label: 'Dennis Clarke' });
  await page.getByLabel('Their role on the project').selectOption({ label: 'Peer researcher' });
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Dennis Clarke' })).toBeVisible();
  await hydrated(page);
  // A supporter needs a practitioner role: the message is beside the roles, the agreement kept.
  const supporter = page.locator('#supporters');
  await supporter.getByLabel('Who', { exact: true }).selectOption({ label: 'Dr Nadia Bell, Anglia Ruskin University' });
  await supporter.getByLabel('The agreement on boundaries').fill('Reads the plan and helps with analysis. No fieldwork.');
  await supporter.getByLabel('Review the agreement by').fill(ukDate(120));
  await page.getByRole('button', { name: 'Add the supporter' }).click();
  await expect(page.getByText('Tick at least one practitioner role').first()).toBeVisible();
  await expect(page.getByLabel('The agreement on boundaries')).toHaveValue('Reads the plan and helps with analysis. No fieldwork.');
  await expectAccessible(page);
  await page.getByLabel('Facilitator').check();
  await page.getByLabel('Co-educator').check();
  await page.getByRole('button', { name: 'Add the supporter' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Dr Nadia Bell' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Partnership').check();
  await page.getByRole('button', { name: 'Save the level' }).click();
  await expect(page.getByLabel('Partnership')).toBeChecked();
  await expectAccessible(page);

  // The lead signs the first gate; the commissioner confirms the start.
  await page.goto(project);
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign as the project lead' }).click();
  await expect(page.getByText('Your signature is recorded')).toBeVisible();
  await signOutChecked(page);
  await signInChecked(page, 'helen.carter@essex-council.example');
  await page.goto(project);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign as the commissioner' }).click();
  await expect(page.getByText('Your signature is recorded')).toBeVisible();
  await signOutChecked(page);

  await signInChecked(page, 'margaret@whynot.example');
  await page.goto(project);
  await hydrated(page);
  await page.getByRole('button', { name: 'Pass the gate' }).click();
  await expect(page.getByText('The gate is passed')).toBeVisible();
  await expect(page.getByText('Agreed to Planning')).toBeVisible();
  await latestMail('helen.carter@essex-council.example', 'has passed the gate from agreed to planning');

  // Planning: trying to pass early lists what is missing.
  await hydrated(page);
  await page.getByRole('button', { name: 'Pass the gate' }).click();
  await expect(page.getByText('This gate cannot be passed yet')).toBeVisible();
  await expect(page.getByText(/the academic supporter has signed off the plan/)).toBeVisible();
  await expectAccessible(page);

  // The plan.
  await page.getByRole('link', { name: 'Plan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The plan' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'Research questions' }).fill('What helps people keep going to day centres?');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Version 1' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Mark version 1 as agreed' }).click();
  await expect(page.getByText('Agreed', { exact: true })).toBeVisible();
  await hydrated(page);
  await field(page, 'Methods', 'Peer interviews in pairs.');
  await field(page, 'Who can take part (inclusion criteria)', 'People over 65 who use a day centre.');
  await field(page, 'Who cannot take part (exclusion criteria)', 'People who cannot give consent.');
  await page.getByRole('button', { name: 'Save methods and criteria' }).click();
  await expect(page.getByLabel('Methods', { exact: true })).toHaveValue('Peer interviews in pairs.');
  await hydrated(page);
  await field(page, 'Site or group', 'Chelmsford day centre');
  await field(page, 'How many people', '10');
  await page.getByRole('button', { name: 'Add the target' }).click();
  await expect(page.getByRole('cell', { name: 'Chelmsford day centre', exact: true })).toBeVisible();
  await hydrated(page);
  await field(page, 'What happens', 'Ethics application submitted');
  await field(page, 'By when', ukDate(30));
  await page.getByLabel('Which stage it belongs to', { exact: true }).selectOption({ label: 'Ethics approval' });
  await page.getByRole('button', { name: 'Add the milestone' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Ethics application submitted' })).toBeVisible();
  await hydrated(page);
  await field(page, 'Risk and lone-working plan', 'Interviews in pairs, in public places.');
  await page.getByRole('button', { name: 'Save the risk plan' }).click();
  await expect(page.getByLabel('Risk and lone-working plan')).toHaveValue('Interviews in pairs, in public places.');
  await hydrated(page);
  await field(page, 'What is collected', 'Recordings and notes.');
  await field(page, 'Where it is kept', 'CoResearch.');
  await field(page, 'Who may see it', 'The peer researchers.');
  await field(page, 'Delete the data by', '31/12/2030');
  await page.getByRole('button', { name: 'Save the data plan' }).click();
  await expect(page.getByLabel('Delete the data by')).toHaveValue(/^(2030-12-31|31\/12\/2030)$/);
  await expectAccessible(page);
  await page.getByRole('link', { name: title }).first().click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign as the project lead' }).click();
  await expect(page.getByText('Your signature is recorded')).toBeVisible();
  await signOutChecked(page);

  // The supporter reviews and signs off (without JavaScript), and signs the gate.
  await signInChecked(page, 'nadia.bell@aru.example');
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(`${project}/plan`);
  await expectAccessibleWithoutJs(plain);
  await plain.getByLabel('Your comment').fill('Could the question ask what gets in the way too?');
  await plain.getByRole('button', { name: 'Send comment' }).click();
  await expect(plain.getByText('Could the question ask what gets in the way too?')).toBeVisible();
  await plain.getByRole('button', { name: 'Sign off the plan as it is now' }).click();
  await expect(plain.getByText('Signed off by Dr Nadia Bell')).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await plain.goto(project);
  await plain.getByRole('button', { name: 'Sign as the academic supporter' }).click();
  await expect(plain.getByText('Your signature is recorded')).toBeVisible();
  await noJs.close();
  await signOutChecked(page);

  // The lead passes planning → ethics.
  await signInChecked(page, 'margaret@whynot.example');
  await page.goto(project);
  await hydrated(page);
  await page.getByLabel('A note for the timeline (optional)').fill('Plan agreed and reviewed.');
  await page.getByRole('button', { name: 'Pass the gate' }).click();
  await expect(page.getByText('The gate is passed')).toBeVisible();
  await expect(page.getByText('Planning to Ethics approval')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Next step: from ethics approval to fieldwork' })).toBeVisible();
  await expectAccessible(page);
});
