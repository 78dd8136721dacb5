import { test, expect } from '@playwright/test';
import { hydrated, signIn, printBrowserErrorsOnFailure, withoutJs } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// The dashboard's panels are loaded once, on the server, and handed to the browser inside
// the page: once the browser code has taken over it asks for none of them again (issue 12
// found every dashboard asking /api/projects and /api/brief-tracking twice, and a trainer's
// answered 500).
for (const [who, email] of [
  ['a group coordinator', 'margaret@whynot.example'],
  ['a trainer', 'ruth.palmer@aru.example'],
]) {
  test(`${who}'s dashboard asks the server nothing more after the page has loaded`, async ({ page }) => {
    await signIn(page, email);
    const calls: string[] = [];
    const failures: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) calls.push(`${request.method()} ${request.url()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.goto('/dashboard');
    await hydrated(page);
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
    expect(calls, 'server functions called after the page loaded').toEqual([]);
    expect(failures, 'answers that failed').toEqual([]);
  });
}

test('the browser files have their content hash in their names and are cached for a year', async ({ page }) => {
  test.skip(withoutJs, 'without JavaScript the browser code is not fetched');
  const answers = new Map<string, Record<string, string>>();
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/pkg/')) answers.set(path, response.headers());
  });
  await page.goto('/');
  await hydrated(page);
  const hashed = /^\/pkg\/coresearch\.[A-Za-z0-9_-]{22}\.(css|js|wasm)$/;
  const stylesheet = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
  expect(stylesheet).toMatch(hashed);
  const kinds = [...answers.keys()].filter((path) => hashed.test(path)).map((path) => path.split('.').pop()).sort();
  expect(kinds, `files loaded: ${[...answers.keys()].join(', ')}`).toEqual(['css', 'js', 'wasm']);
  for (const [path, headers] of answers) {
    expect(headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
  }
});
