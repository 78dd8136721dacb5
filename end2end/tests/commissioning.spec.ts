import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, signIn, signOut, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

/** A date some days from now, written the way people in the UK write it. */
function ukDate(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

/** Signs in and checks the dashboard it lands on (with this feature's part) with axe. */
async function signInChecked(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await hydrated(page);
  await expectAccessible(page);
}

/** Signs out and checks the page it lands on with axe. */
async function signOutChecked(page: Page): Promise<void> {
  await signOut(page);
  await expectAccessible(page);
}

async function field(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(value);
}

test('a brief goes from draft to award, and the group sees its new project', async ({ page, browser }) => {
  const title = `Library visits by older people ${Date.now()}`;
  const question = 'Can we include people who use the mobile library?';

  // The commissioner writes and publishes a brief.
  await signInChecked(page, 'helen.carter@essex-council.example');
  await page.goto('/briefs');
  await expect(page.getByRole('heading', { level: 1, name: 'Research briefs' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Write a new brief' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Write a new brief' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  // A mistake is explained beside the field, and what was typed is kept.
  await field(page, 'Title', title);
  await page.getByRole('button', { name: 'Save draft brief' }).click();
  await expect(page.getByText('Enter a plain-language summary').first()).toBeVisible();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(title);
  await expectAccessible(page);
  await field(page, 'Summary in plain language', 'Find out what would help older people use the library again.');
  await field(page, 'Background (optional)', 'Visits fell by **a third** since 2024.');
  await field(page, 'Questions the research should answer', 'What helps? What gets in the way?');
  await page.getByLabel('Who the research is about').selectOption({ label: 'Older people' });
  await field(page, 'Expected outputs', 'A short report and a presentation.');
  await field(page, 'From', '4000');
  await field(page, 'To', '6,000');
  await field(page, 'Responses due by', ukDate(21));
  await field(page, 'Expected start', ukDate(35));
  await field(page, 'Report due by', ukDate(200));
  await field(page, 'Contact name', 'Helen Carter');
  await field(page, 'Contact e-mail address', 'helen.carter@essex-council.example');
  await page.getByRole('button', { name: 'Save draft brief' }).click();
  await expect(page.getByText('Your draft brief is saved')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.prose strong')).toHaveText('a third');
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publish to research groups' }).click();
  await expect(page.getByText('The brief is published')).toBeVisible();
  await expect(page.getByText('days left to respond')).toBeVisible();
  await expectAccessible(page);
  await signOutChecked(page);

  // WhyNot! asked to hear about new briefs; a member finds it and asks a question.
  const alert = await latestMail('dennis@whynot.example', title);
  expect(alert.subject).toContain('New research brief');
  await signInChecked(page, 'dennis@whynot.example');
  await page.goto('/briefs?status=open&about=older_people');
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your question').fill(question);
  await page.getByRole('button', { name: 'Send question' }).click();
  await expect(page.getByText('Your question is sent')).toBeVisible();
  await expectAccessible(page);
  await signOutChecked(page);

  // The commissioner answers it.
  await signInChecked(page, 'helen.carter@essex-council.example');
  await page.goto('/briefs/mine');
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: title, exact: true }).click();
  await hydrated(page);
  await page.getByLabel(`Your answer to: ${question}`).fill('Yes, please include them.');
  await page.getByRole('button', { name: 'Publish answer' }).click();
  await expect(page.getByText('Your answer is published')).toBeVisible();
  await expectAccessible(page);
  await signOutChecked(page);
  await latestMail('dennis@whynot.example', 'Yes, please include them.');

  // The coordinator drafts the response with JavaScript...
  await signInChecked(page, 'margaret@whynot.example');
  await page.goto('/briefs');
  await expectAccessible(page);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByText('Yes, please include them.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Start a response for WhyNot!' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `WhyNot!'s response to ${title}` })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await field(page, 'Proposed approach and methods', 'Peer interviews at the library and the mobile library stops.');
  await field(page, 'How people with lived experience lead and take part', 'Our members design the questions and interview.');
  await field(page, 'The team', 'Margaret, Dennis and Sheila.');
  await field(page, 'Timeline', 'Four months.');
  await field(page, 'Planned ethics route', 'Anglia Ruskin University research ethics committee.');
  await field(page, 'Peer researcher hours', '100');
  await field(page, 'Hourly rate for peer researchers', '15');
  await field(page, 'Expenses', '400');
  await field(page, 'Academic support', '1000');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Your draft is saved')).toBeVisible();
  await expect(page.getByText('£2,900')).toBeVisible();
  await expectAccessible(page);
  // A file goes with it (a plain form post); a kind of file that cannot be attached is explained.
  await page.getByLabel('Attach a file').setInputFiles({ name: 'notes.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await page.getByRole('button', { name: 'Attach file' }).click();
  await expect(page.getByText('That kind of file cannot be attached')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Attach a file').setInputFiles({ name: 'Our plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 our plan') });
  await page.getByRole('button', { name: 'Attach file' }).click();
  await expect(page.getByText('The file is attached')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Our plan.pdf' })).toBeVisible();
  await hydrated(page);

  // ...and sends it without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(page.url().split('?')[0]);
  await expectAccessibleWithoutJs(plain);
  await plain.getByRole('button', { name: 'Send the response' }).click();
  await expect(plain.getByText('Your response is sent to the commissioner')).toBeVisible();
  await expect(plain.getByText('Submitted').first()).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await noJs.close();
  await signOutChecked(page);
  await latestMail('helen.carter@essex-council.example', 'WhyNot! has sent a response');

  // The commissioner compares the responses and awards the brief.
  await signInChecked(page, 'helen.carter@essex-council.example');
  await page.goto('/briefs/mine');
  await page.getByRole('link', { name: `1 response to ${title}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Responses to ${title}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Our plan.pdf' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Which response wins').selectOption({ label: 'WhyNot! (£2,900)' });
  await page.getByRole('button', { name: 'Award the brief' }).click();
  await expect(page.getByText('The brief is awarded and this project is set up')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page);
  await signOutChecked(page);

  // The group sees its new project.
  await latestMail('dennis@whynot.example', 'A project has been set up');
  await signInChecked(page, 'dennis@whynot.example');
  await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByText('Margaret Ellis')).toBeVisible();
  await expect(page.getByText('Helen Carter').first()).toBeVisible();
  await expectAccessible(page);
});

test('another group and another commissioning body cannot see a group draft or a draft brief', async ({ page }) => {
  await signInChecked(page, 'priya@se-surg.example');
  await page.goto('/briefs');
  await expect(page.getByRole('link', { name: 'Loneliness among older people in rural Essex' })).toBeVisible();
  await expect(page.getByText('Day opportunities')).toHaveCount(0);
  await expectAccessible(page);
  await signOutChecked(page);

  await signInChecked(page, 'margaret@whynot.example');
  await page.goto('/briefs/mine');
  await expectAccessible(page);
  const draft = page.getByRole('link', { name: 'Loneliness among older people in rural Essex' });
  const href = await draft.getAttribute('href');
  expect(href).toContain('/responses/');
  await signOutChecked(page);

  await signInChecked(page, 'sam.okafor@msenhs.example');
  const response = await page.goto(href!);
  expect(response?.status()).toBe(404);
  await expectAccessible(page);
});
