import { expect, test } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, latestMail, signIn, DEMO_PASSWORD, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);


test('a graduate asks to join a group, and a coordinator finds and invites her', async ({ browser, page }) => {
  test.setTimeout(120_000);

  // Gwen (a demo graduate in no group) changes her mind twice on her certificate page, without JavaScript.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const gwen = await context.newPage();
  await gwen.goto('/sign-in');
  await gwen.getByLabel('E-mail address').fill('gwen@trainee.example');
  await gwen.getByLabel('Password').fill(DEMO_PASSWORD);
  await gwen.getByRole('button', { name: 'Sign in' }).click();
  await expect(gwen.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
  await gwen.goto('/training');
  await gwen.getByRole('link', { name: 'Your certificate' }).click();
  await expect(gwen.getByRole('heading', { level: 2, name: 'Joining a citizen research group' })).toBeVisible();
  await gwen.getByRole('button', { name: 'Take me off the list' }).click();
  await expect(gwen.getByText('You are no longer on the list.')).toBeVisible();
  await expectAccessibleWithoutJs(gwen);
  await gwen.getByRole('button', { name: 'I would like to join a citizen research group' }).click();
  await expect(gwen.getByText('Coordinators of research groups can now see your name')).toBeVisible();
  await expect(gwen.getByRole('button', { name: 'Take me off the list' })).toBeVisible();
  await expectAccessibleWithoutJs(gwen);
  await context.close();

  // A member of a group who does not coordinate it cannot see the list.
  await signIn(page, 'tom@se-surg.example');
  await page.goto('/training/graduates');
  await expect(page.getByRole('heading', { level: 1, name: 'We cannot find that page' })).toBeVisible();
  await expect(page.getByText('Gwen Foster')).toHaveCount(0);
  await page.goto('/dashboard');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // Priya coordinates SE-SURG: she finds Gwen from her training page and invites her.
  await signIn(page, 'priya@se-surg.example');
  await page.goto('/training');
  await page.getByRole('link', { name: 'See graduates looking for a group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Graduates looking for a group' })).toBeVisible();
  const row = page.getByRole('row', { name: /Gwen Foster/ });
  await expect(row).toContainText('Colchester, spring');
  await expect(row).toContainText('Research skills for citizen researchers');
  await expect(page.getByText('gwen@trainee.example')).toHaveCount(0);
  await expect(page.getByText('Sheila Morton')).toHaveCount(0);
  await hydrated(page);
  await expectAccessible(page);
  await row.getByRole('button', { name: /^Invite to South Essex .*SE-SURG.*Gwen Foster$/ }).click();
  await expect(page.getByText('The invitation is sent by e-mail.')).toBeVisible();
  await expectAccessible(page);

  const mail = await latestMail('gwen@trainee.example', '/invitations/');
  expect(mail.text).toContain('SE-SURG');
});
