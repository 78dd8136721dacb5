import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// Lone working on the demo's SE-SURG recovery college project: Tom, a peer researcher,
// checks in before going out alone and checks out when he is back; the lead sees who is
// out. The demo holds one earlier check-in of Tom's, checked out in time.

const PROJECT = 'Evaluation of the recovery college in south Essex';

/** The UK date (YYYY-MM-DD) and time (HH:MM) `minutes` from now, as the form takes them. */
function ukInMinutes(minutes: number): { day: string; time: string } {
  const when = new Date(Date.now() + minutes * 60_000);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(when);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

async function openLoneWorking(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Lone working' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const project = new URL(page.url()).pathname;
  await page.locator('#lone-working').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Lone working/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  return project;
}

async function checkIn(page: Page, place: string) {
  const back = ukInMinutes(120);
  await page.getByLabel('Where you are going').fill(place);
  await page.getByLabel('A mobile number you will have with you (optional)').fill('07700 900201');
  await page.getByLabel('The day you expect to be back').fill(back.day);
  await page.getByLabel('The time you expect to be back').fill(back.time);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByText('You are checked in.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'You are checked in' })).toBeVisible();
}

test('a peer researcher checks in and checks out, and the lead sees who is out', async ({ page, browser }) => {
  await openLoneWorking(page, 'tom@se-surg.example');
  // The demo's earlier check-in, closed in time.
  await expect(page.getByRole('heading', { level: 2, name: 'Your recent check-ins' })).toBeVisible();
  await expect(page.getByText('Basildon recovery college, the small group room')).toBeVisible();

  // A time already past is refused beside its field, and the place typed is kept.
  await page.getByLabel('Where you are going').fill('Wickford community hall');
  await page.getByLabel('The day you expect to be back').fill(ukInMinutes(-120).day);
  await page.getByLabel('The time you expect to be back').fill(ukInMinutes(-120).time);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('later than now');
  await expect(page.getByLabel('Where you are going')).toHaveValue('Wickford community hall');
  await expectAccessible(page);

  await checkIn(page, 'Wickford community hall, side room');
  await expectAccessible(page);

  // The lead sees Tom out, with where and the number to ring.
  const lead = await browser.newContext();
  const priya = await lead.newPage();
  await openLoneWorking(priya, 'priya@se-surg.example');
  const row = priya.getByRole('row', { name: /Tom Barker/ });
  await expect(row).toContainText('Wickford community hall, side room');
  await expect(row).toContainText('07700 900201');
  await lead.close();

  await page.getByRole('button', { name: 'I am back safely — check out' }).click();
  await expect(page.getByText('You are checked out.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Check in' })).toBeVisible();
  await expectAccessible(page);

  // Without JavaScript: check in and out again, from the pages as the server sends them.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(new URL(page.url()).pathname);
  await expect(plain.getByRole('heading', { level: 1, name: /^Lone working/ })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await checkIn(plain, 'Rayleigh library');
  await expectAccessibleWithoutJs(plain);
  await plain.getByRole('button', { name: 'I am back safely — check out' }).click();
  await expect(plain.getByText('You are checked out.')).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await noJs.close();
});

test('the commissioner cannot open lone working', async ({ page }) => {
  await signIn(page, 'sam.okafor@msenhs.example');
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Lone working' })).toHaveCount(0);
  const project = new URL(page.url()).pathname;
  await page.goto(`${project}/lone-working`);
  await expect(page.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
});
