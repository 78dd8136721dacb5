import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, latestMail, linkIn, signIn, signOut, uniqueEmail, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

test('a coordinator invites a new member, who accepts and joins the group', async ({ page }) => {
  const email = uniqueEmail('brenda');

  await signIn(page, 'margaret@whynot.example');
  await page.getByRole('link', { name: 'WhyNot!' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'WhyNot!' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  await page.getByLabel('Their e-mail address').fill(email);
  await page.getByLabel('Their role').selectOption({ label: 'Group member' });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('The invitation is sent')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Invitations not yet accepted' })).toContainText(email);
  await expectAccessible(page);
  await signOut(page);

  const mail = await latestMail(email, '/invitations/');
  expect(mail.subject).toContain('Margaret Ellis invited you to join WhyNot!');
  await page.goto(linkIn(mail.text, '/invitations/'));
  await expect(page.getByText('invited you to join')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Your name').fill('Brenda Hall');
  await page.getByLabel('Choose a password').fill('marmalade on toast');
  await page.getByRole('button', { name: 'Create my account and join' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Brenda Hall' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'WhyNot!' })).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'margaret@whynot.example');
  await page.goto('/organisations/whynot');
  await expect(page.getByRole('cell', { name: 'Brenda Hall', exact: true })).toBeVisible();
});

test('a group member cannot see another group or manage their own', async ({ page }) => {
  await signIn(page, 'dennis@whynot.example');
  await page.goto('/organisations/whynot');
  await expect(page.getByRole('heading', { level: 1, name: 'WhyNot!' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
  await expect(page.getByText('margaret@whynot.example')).toHaveCount(0);
  await expectAccessible(page);

  const response = await page.goto('/organisations/se-surg');
  expect(response?.status()).toBe(404);
  await expect(page.getByText('Priya Shah')).toHaveCount(0);
  await expectAccessible(page);

  const admin = await page.goto('/admin');
  expect(admin?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
  await expectAccessible(page);
});

test('an administrator creates an organisation and invites its first lead', async ({ page }) => {
  await signIn(page, 'admin@coresearch.example');
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Name').fill('Healthwatch Essex');
  await page.getByLabel('Kind of organisation').selectOption({ label: 'Commissioning body' });
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Healthwatch Essex' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Their e-mail address').fill(uniqueEmail('lead'));
  await page.getByLabel('Make them a lead').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('The invitation is sent')).toBeVisible();
  await expect(page.getByText('Commissioner (lead)')).toBeVisible();
  await expectAccessible(page);
});
