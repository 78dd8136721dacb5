import { expect, test, Page } from '@playwright/test';
import {
  DEMO_PASSWORD, expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, linkIn, signIn, signOut, uniqueEmail, printBrowserErrorsOnFailure,
} from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// Journey 2 of the projects issue, on the demo's WhyNot! project, which waits in ethics
// with further information requested: the team answers (without JavaScript), invites an
// outside reviewer who asks for more, the team answers again, the reviewer approves
// with a condition, the condition is closed, and the ethics page says fieldwork may begin.

const PROJECT = 'Assistive technology at home: what helps older people stay independent';
const APPLICATION = 'Assistive technology at home: university ethics application';

async function signInChecked(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, email, password);
  await hydrated(page);
  await expectAccessible(page);
}

async function openApplication(page: Page): Promise<void> {
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await page.getByRole('link', { name: /^Ethics approval/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ethics approval' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('link', { name: APPLICATION, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: APPLICATION })).toBeVisible();
  await hydrated(page);
}

test('an outside reviewer asks for more information, then approves with a condition that the team closes', async ({ browser, page }) => {
  const reviewer = uniqueEmail('committee.secretary');
  const reviewerPassword = 'tuesday committee papers';

  // The team answers the committee's first request with JavaScript turned off.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto('/sign-in');
  await plain.getByLabel('E-mail address').fill('margaret@whynot.example');
  await plain.getByLabel('Password').fill(DEMO_PASSWORD);
  await plain.getByRole('button', { name: 'Sign in' }).click();
  await expect(plain.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await plain.goto('/projects');
  await plain.getByRole('link', { name: PROJECT, exact: true }).click();
  await plain.getByRole('link', { name: /^Ethics approval/ }).click();
  await expect(plain.getByText('Not yet.')).toBeVisible();
  await plain.getByRole('link', { name: APPLICATION, exact: true }).click();
  await expect(plain.getByRole('heading', { level: 2, name: 'Further information requested' })).toBeVisible();
  // An empty answer comes back with its message.
  await plain.getByRole('button', { name: 'Send the answer' }).click();
  await expect(plain.getByRole('alert')).toContainText('Enter your answer to the committee');
  await plain.getByLabel('Your answer to the committee').fill(
    'If an interviewer is worried about someone, they stop, ring the coordinator and follow our safeguarding steps. The sheet now says how long notes are kept.');
  const sheet = plain.getByLabel('Information sheet', { exact: true });
  await sheet.fill(`${await sheet.inputValue()}\n\nWe keep notes for five years. To complain, call Essex County Council on 0345 603 7630.`);
  await plain.getByRole('button', { name: 'Send the answer' }).click();
  await expect(plain.getByText('Your answer is sent')).toBeVisible();
  await expect(plain.getByRole('heading', { level: 3, name: 'Information sheet, version 2' })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await noJs.close();

  // The coordinator invites the committee's secretary to review.
  await signInChecked(page, 'margaret@whynot.example');
  await openApplication(page);
  await expectAccessible(page);
  await page.getByText('Invite an outside reviewer').click();
  await page.getByLabel('Their e-mail address').fill(reviewer);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByText('The invitation to review is sent.')).toBeVisible();
  await expect(page.getByText(`${reviewer} (invited, not yet accepted)`)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The secretary takes up the invitation, sees the application only, and asks for more.
  const invitation = await latestMail(reviewer, '/ethics-reviews/');
  await page.goto(linkIn(invitation.text, '/ethics-reviews/'));
  await expect(page.getByRole('heading', { level: 1, name: 'Review an ethics application' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your name').fill('Rosa Patel');
  await page.getByLabel('Choose a password').fill(reviewerPassword);
  await page.getByRole('button', { name: 'Create my account and open the application' }).click();
  await expect(page.getByText('You can now review this application.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: APPLICATION })).toBeVisible();
  await expect(page.getByText('Can fieldwork begin?')).toHaveCount(0);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('What the team needs to tell you or change').fill('Please add the Age UK Essex advice line to the information sheet.');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await expect(page.getByText('Your request is sent to the team.')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The team answers again.
  await latestMail('margaret@whynot.example', 'Age UK Essex advice line');
  await signInChecked(page, 'margaret@whynot.example');
  await openApplication(page);
  await page.getByLabel('Your answer to the committee').fill('Added the Age UK Essex advice line.');
  const again = page.getByLabel('Information sheet', { exact: true });
  await again.fill(`${await again.inputValue()}\n\nAge UK Essex advice line: 01245 346 106.`);
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.getByText('Your answer is sent')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Information sheet, version 3' })).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The reviewer approves with a condition owned by the coordinator.
  await latestMail(reviewer, 'Added the Age UK Essex advice line.');
  await signInChecked(page, reviewer, reviewerPassword);
  await page.goto('/ethics-reviews');
  await expectAccessible(page);
  await page.getByRole('link', { name: APPLICATION, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: APPLICATION })).toBeVisible();
  await hydrated(page);
  // Without a decision chosen, the form says so and keeps what was typed.
  await page.getByLabel('Committee reference').fill('ARU-ETH-2026-114');
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Choose the committee');
  await expect(page.getByLabel('Committee reference')).toHaveValue('ARU-ETH-2026-114');
  await expectAccessible(page);
  await page.getByLabel('Approved with conditions', { exact: true }).check();
  await page.getByLabel('Date of approval').fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel('Condition 1', { exact: true }).fill('Give every participant the safeguarding leaflet before the interview.');
  await page.getByLabel('Owner of condition 1').selectOption({ label: 'Margaret Ellis' });
  await page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByText('The decision is recorded, and the team has been told.')).toBeVisible();
  await expect(page.getByText('1 of 1 still open.')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The condition's owner closes it, and fieldwork may begin.
  await latestMail('margaret@whynot.example', 'safeguarding leaflet');
  await signInChecked(page, 'margaret@whynot.example');
  await openApplication(page);
  await expect(page.getByText('the condition "Give every participant the safeguarding leaflet')).toBeVisible();
  await page.getByLabel('How was it met? (a note for the record)').fill('Leaflets printed and put in every fieldwork pack.');
  await page.getByRole('button', { name: 'Close this condition' }).click();
  await expect(page.getByText('The condition is closed.')).toBeVisible();
  await expect(page.getByText('Every condition is closed.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Ethics approval', exact: true }).click();
  await expect(page.getByText('Yes. Ethics approval is complete: fieldwork may begin.')).toBeVisible();
  await expectAccessible(page);
});
