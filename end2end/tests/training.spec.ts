import { expect, Page, test } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, linkIn, signIn, signOut, uniqueEmail, DEMO_PASSWORD, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

const COURSE = 'Research skills for citizen researchers';

function isoDay(offset = 0): string {
  const d = new Date(Date.now() + offset * 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

/** Chooses an answer to question `n` of a knowledge check. */
async function answer(page: Page, n: number, label: string): Promise<void> {
  await page.getByRole('group', { name: new RegExp(`^${n}\\. `) }).getByLabel(label, { exact: true }).check();
}

test('a trainer runs a cohort from the shipped course and a trainee completes it', async ({ page }) => {
  test.setTimeout(180_000);
  const email = uniqueEmail('trainee');
  const cohortName = `Braintree ${Date.now()}`;

  // The trainer creates a cohort from the shipped course.
  await signIn(page, 'ruth.palmer@aru.example');
  await page.getByRole('link', { name: 'Training' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: COURSE }).click();
  await expect(page.getByRole('heading', { level: 1, name: COURSE })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Name of the cohort').fill(cohortName);
  await page.getByLabel('First date').fill(isoDay(-1));
  await page.getByLabel('Last date').fill(isoDay(60));
  await page.getByLabel('Number of places').fill('8');
  await page.getByLabel('Where it meets (optional)').fill('Braintree Library');
  await page.getByLabel('Minimum attendance for a certificate, in per cent').fill('50');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByText('The cohort is created')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(cohortName);
  const cohortUrl = page.url().replace(/\?.*$/, '');
  await hydrated(page);
  await expectAccessible(page);

  // Only module 1 is required for this short cohort.
  const rule = page.getByRole('region', { name: 'Completion rule' });
  const boxes = rule.getByRole('checkbox');
  const count = await boxes.count();
  for (let i = 1; i < count; i++) await boxes.nth(i).uncheck();
  await rule.getByRole('button', { name: 'Save the completion rule' }).click();
  await expect(page.getByText('The completion rule is saved')).toBeVisible();

  // A session today, covering module 1.
  await hydrated(page);
  await page.getByText('Add a session').click();
  await page.getByLabel('Date', { exact: true }).fill(isoDay(0));
  await page.getByLabel('Start time').fill('10:30');
  await page.getByRole('region', { name: 'Sessions' }).getByLabel(/^1\. What research is/).check();
  await page.getByRole('button', { name: 'Add session' }).click();
  await expect(page.getByText('The session is added')).toBeVisible();

  // Invite the trainee.
  await hydrated(page);
  await page.getByLabel('E-mail addresses').fill(email);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(page.getByText('Invitations sent: 1')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Invite trainees' })).toContainText(email);
  await expectAccessible(page);
  await signOut(page);

  // The trainee accepts through the e-mailed link and makes an account.
  const mail = await latestMail(email, '/training/join/');
  expect(mail.subject).toContain(COURSE);
  await page.goto(linkIn(mail.text, '/training/join/'));
  await expect(page.getByText('offered you a place on')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your name').fill('Vera Lynn');
  await page.getByLabel('Choose a password').fill('marmalade on toast');
  await page.getByRole('button', { name: 'Create my account and accept' }).click();
  await expect(page.getByText('Welcome: you have a place on this course')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Your progress' })).toBeVisible();
  await expect(page.getByText('0 of 12 modules complete').first()).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Reads module 1, fails its check, then passes it.
  await page.getByRole('link', { name: 'What research is, and why lived experience counts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Module 1 of 12/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'I have read this module' }).click();
  await expect(page.getByText('You have marked this module as read.')).toBeVisible();

  await hydrated(page);
  await answer(page, 1, 'Any chat about local services');
  await answer(page, 2, 'True');
  await answer(page, 3, 'It is not research at all');
  await answer(page, 4, "It means you can skip the planning stage");
  await answer(page, 5, 'False');
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByText(/You scored 0%\. You need 60% to pass/)).toBeVisible();
  await expect(page.getByText('Not quite. Good research').or(page.getByText('Chats can give you good ideas'))).toBeVisible();
  await expectAccessible(page);

  await hydrated(page);
  await answer(page, 1, 'Finding things out in a careful, planned and honest way that other people can check');
  await answer(page, 2, 'False');
  await answer(page, 3, 'Qualitative, because it is about words, feelings and experiences');
  await answer(page, 4, 'It helps you ask questions that matter to people and can help them speak openly');
  await answer(page, 5, 'True');
  await page.getByRole('button', { name: 'Check my answers again' }).click();
  await expect(page.getByText('You passed with 100%.')).toBeVisible();
  await expect(page.getByText('Complete', { exact: true })).toBeVisible();

  // A shared reflection.
  await hydrated(page);
  await page.getByLabel('Your reflection').fill('My mother waited months for a hearing aid. I want to ask why.');
  await page.getByLabel('Share this with my trainers').check();
  await page.getByRole('button', { name: 'Save to my learning log' }).click();
  await expect(page.getByText('Your reflection is saved in your learning log.')).toBeVisible();
  await expect(page.getByText('shared with your trainers')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The trainer replies and marks attendance.
  await signIn(page, 'ruth.palmer@aru.example');
  await page.goto(cohortUrl);
  await page.getByRole('region', { name: 'Learning log: waiting for your feedback' }).getByRole('link', { name: /Vera Lynn/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Vera Lynn on What research is/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'Feedback' }).fill('A very good question to research, Vera.');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.getByText('Your feedback is sent.')).toBeVisible();
  await expect(page.getByText('A very good question to research, Vera.')).toBeVisible();

  await page.goto(cohortUrl);
  await page.getByRole('link', { name: /^Mark attendance/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Attendance:/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Vera Lynn').selectOption({ label: 'Present' });
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await expect(page.getByText('Attendance is saved.')).toBeVisible();
  await expectAccessible(page);

  // The certificate appears, and its code verifies publicly.
  const certificates = page.getByRole('region', { name: 'Certificates' });
  const codeLink = certificates.getByRole('link', { name: /^CR-/ });
  await expect(codeLink).toBeVisible();
  const code = (await codeLink.textContent())!.trim();
  await codeLink.click();
  await expect(page.getByRole('heading', { name: 'Certificate of completion' })).toBeVisible();
  await expect(page.locator('.certificate')).toContainText('Vera Lynn');
  await expectAccessible(page);
  await signOut(page);

  await page.goto('/certificates/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Check a certificate' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(`${code} is a valid CoResearch certificate.`)).toBeVisible();
  await expect(page.getByText('Vera Lynn')).toHaveCount(0);
  await expectAccessible(page);
});

test('a trainee completes a module with JavaScript turned off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill('irene@trainee.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();

  await page.goto('/training');
  await page.getByRole('link', { name: COURSE }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Catching up' })).toBeVisible();
  await page.getByRole('link', { name: 'Ethics, informed consent and confidentiality' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Module 3 of 12/ })).toBeVisible();

  await page.getByRole('button', { name: 'I have read this module' }).click();
  await expect(page.getByText('You have marked this module as read.')).toBeVisible();

  // An unanswered question comes back with a message beside it.
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('alert')).toContainText('There are problems with 6 answers');

  await answer(page, 1, 'It checks the research plan before it starts, to make sure it is safe, fair and respectful to the people taking part');
  await answer(page, 2, 'False');
  await answer(page, 3, 'Encouraging people to sign on the spot so they don\'t forget');
  await answer(page, 4, 'Pause, listen calmly, follow your project\'s agreed safety plan and tell your lead researcher');
  await answer(page, 5, 'False');
  await answer(page, 6, 'Confidentiality means keeping what people say private to the research team. Anonymity means no one can tell who said something.');
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByText('You passed with 100%.')).toBeVisible();
  await expect(page.getByText('Complete', { exact: true })).toBeVisible();
  await expectAccessibleWithoutJs(page);

  // A reflection kept private, also without JavaScript.
  await page.getByLabel('Your reflection').fill('I worry about keeping what people tell me safe.');
  await page.getByRole('button', { name: 'Save to my learning log' }).click();
  await expect(page.getByText('private: only you can see this')).toBeVisible();
  await context.close();
});

test('private reflections and other cohorts stay closed', async ({ page }) => {
  await signIn(page, 'frank@trainee.example');
  await page.goto('/training');
  await page.getByRole('link', { name: COURSE }).first().click();
  const cohortUrl = page.url();
  await expect(page.getByRole('progressbar', { name: 'Your progress' })).toBeVisible();
  await expectAccessible(page);

  // Apologies sent ahead of the next session.
  await hydrated(page);
  await page.getByText('I cannot come').first().click();
  await page.getByLabel('A note for your trainer (optional)').first().fill('Visiting my sister.');
  await page.getByRole('button', { name: 'Send my apologies' }).first().click();
  await expect(page.getByText('Your apologies are sent to your trainer.')).toBeVisible();
  await expect(page.getByText('You: Sent apologies')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // A trainee's page is not open to another signed-in person outside the cohort.
  await signIn(page, 'dennis@whynot.example');
  const response = await page.goto(cohortUrl);
  expect(response?.status()).toBe(404);
  await expectAccessible(page);
});

test('a trainer previews and publishes a change to a module, and trainees keep their progress', async ({ page }) => {
  await signIn(page, 'ruth.palmer@aru.example');
  await page.goto('/training');
  await page.getByRole('link', { name: COURSE }).click();
  await page.getByRole('link', { name: 'Edit Asking good research questions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit module 2: Asking good research questions' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  const content = page.getByLabel('Content', { exact: true });
  const text = await content.inputValue();
  await content.fill(`${text}\n\n## Questions from our own lives\n\nStart from **what you have lived**.\n\n<script>alert(1)</script>`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('You are looking at your unsaved draft.')).toBeVisible();
  const preview = page.getByRole('region', { name: 'Preview of your draft' });
  await expect(preview.getByRole('heading', { name: 'Questions from our own lives' })).toBeVisible();
  await expect(preview.locator('script')).toHaveCount(0);
  await expectAccessible(page);

  await hydrated(page);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page.getByText('The module is saved.')).toBeVisible();

  // A question added to module 12's knowledge check; a list without a right answer is explained.
  await page.getByRole('link', { name: /^Edit 12\.|^Edit Working with commissioners/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Edit module 12/ })).toBeVisible();
  await hydrated(page);
  await page.getByText('Add a question').click();
  await page.getByLabel('Kind of question').selectOption({ label: 'True or false' });
  await page.getByLabel('The question').fill('Commissioners pay for research so they can decide what services to buy.');
  await page.getByLabel('Answers', { exact: true }).fill('True | Yes\nFalse | Think again');
  await page.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByText('Mark exactly one answer as right').first()).toBeVisible();
  await expect(page.getByLabel('The question')).toHaveValue('Commissioners pay for research so they can decide what services to buy.');
  await page.getByLabel('Answers', { exact: true }).fill('* True | Yes\nFalse | Think again');
  await page.getByRole('button', { name: 'Add question' }).click();
  await expect(page.getByText('The question is added to the knowledge check.')).toBeVisible();
  await expect(page.getByText('Commissioners pay for research so they can decide what services to buy.')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // Frank had completed module 2: he sees the new text and it is still complete.
  await signIn(page, 'frank@trainee.example');
  await page.goto('/training');
  await page.getByRole('link', { name: COURSE }).first().click();
  await page.getByRole('link', { name: 'Asking good research questions' }).click();
  await expect(page.getByRole('heading', { name: 'Questions from our own lives' })).toBeVisible();
  await expect(page.getByText('Complete', { exact: true })).toBeVisible();
  await expectAccessible(page);
});

test('the demo cohort part-way through: grid, feedback waiting, CSV, and a graduate’s certificate verifies', async ({ page }) => {
  await signIn(page, 'ruth.palmer@aru.example');
  await page.goto('/training');
  await page.getByRole('link', { name: 'Chelmsford, autumn' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chelmsford, autumn');
  const grid = page.getByRole('region', { name: 'Progress of each trainee, module by module' });
  await expect(grid.getByRole('rowheader', { name: 'Frank Osei' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Learning log: waiting for your feedback' }).getByRole('link')).toHaveCount(2);
  await expectAccessible(page);
  const href = await page.getByRole('link', { name: /Download attendance and progress/ }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('Joan Whitfield');
  await signOut(page);

  await page.goto('/certificates/verify?code=CR-DEMO-2026');
  await expect(page.getByText('CR-DEMO-2026 is a valid CoResearch certificate.')).toBeVisible();
  await expect(page.getByText('Sheila')).toHaveCount(0);
  await page.goto('/certificates/verify?code=CR-FAKE-0000');
  await expect(page.getByText('We have no certificate with the code CR-FAKE-0000')).toBeVisible();
  await expectAccessible(page);
});
