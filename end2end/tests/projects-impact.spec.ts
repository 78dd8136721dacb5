import { expect, test, Page } from '@playwright/test';
import { expectAccessible, hydrated, latestMail, signIn, signOut, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// WhyNot!'s finished day services study (the demo's finished project): Dennis, a peer
// researcher on its team, finds the report's recommendations already taken and adds one; Helen Carter of Essex County Council
// answers it and tracks it to "we did"; the team hears by e-mail.

const PROJECT = "Day services for older people in Tendring: what would people choose?";

async function openTracker(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await page.getByRole('link', { name: 'You said, we did: recommendations and impact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You said, we did' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
}

test('a recommendation is tracked from the report to "we did"', async ({ page }) => {
  const words = `Put the village groups' times in every library (${Date.now()})`;

  // The team adds the recommendation; the demo's three are already tracked.
  await openTracker(page, 'dennis@whynot.example');
  await expect(page.getByText(/recommendations: \d+ done/)).toBeVisible();
  // Taking them from the signed-off report adds nothing: the demo's three came from it.
  await expect(page.getByLabel('Section of the report')).toHaveValue('4');
  await page.getByRole('button', { name: 'Take the recommendations' }).click();
  await expect(page.getByText('Nothing new: all 3 recommendations in that section were already here.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add the recommendation' }).click();
  await expect(page.getByText('Enter the recommendation').first()).toBeVisible();
  await page.getByLabel('The recommendation, as the report puts it').fill(words);
  await page.getByRole('button', { name: 'Add the recommendation' }).click();
  await expect(page.getByText('The recommendation is added.')).toBeVisible();
  await expect(page.getByRole('link', { name: words })).toBeVisible();
  await signOut(page);

  // The commissioner answers: an incomplete answer comes back with its message, nothing lost.
  await openTracker(page, 'helen.carter@essex-council.example');
  await page.getByRole('link', { name: words }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Recommendation \d+$/ })).toBeVisible();
  await expect(page.getByText('Added by the team')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your answer', { exact: true }).selectOption({ label: 'Accepted' });
  await page.getByLabel('Who owns it').fill('Library services manager');
  await page.getByLabel('How it is going').selectOption({ label: 'Under way' });
  await page.getByRole('button', { name: 'Save the answer' }).click();
  await expect(page.getByText('Say what will be done about it').first()).toBeVisible();
  await expect(page.getByLabel('Who owns it')).toHaveValue('Library services manager');
  await expectAccessible(page);
  await page.getByLabel('What will be done').fill('A poster in each of the 12 libraries, changed each season.');
  await page.getByRole('button', { name: 'Save the answer' }).click();
  await expect(page.getByText('Your answer is saved')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Accepted, under way/ })).toBeVisible();

  // Done needs evidence; then the timeline shows both steps.
  await page.getByLabel('How it is going').selectOption({ label: 'Done: we did it' });
  await page.getByRole('button', { name: 'Save the answer' }).click();
  await expect(page.getByText('Say what was done, or where to see it, before marking it done').first()).toBeVisible();
  await page.getByLabel('Evidence of what was done').fill('Posters up in all 12 libraries since the first of the month.');
  await page.getByRole('button', { name: 'Save the answer' }).click();
  await expect(page.getByText('Your answer is saved')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /Accepted, done: we did it/ })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) })).toHaveCount(2);
  await expectAccessible(page);

  // The tracker shows it done, and the team was told.
  await page.getByRole('link', { name: 'All recommendations' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`Accepted Done: we did it`) }).filter({ hasText: words })).toBeVisible();
  const mail = await latestMail('dennis@whynot.example', words);
  expect(mail.subject).toMatch(/is now "done: we did it"/);
});
