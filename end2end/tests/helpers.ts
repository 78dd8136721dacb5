import { expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEMO_PASSWORD = 'coresearch-demo';
const outbox = process.env.CORESEARCH_OUTBOX_DIR ?? '.tmp/outbox';

/** This pass runs every journey with JavaScript turned off (E2E_WITHOUT_JS=1). */
export const withoutJs = process.env.E2E_WITHOUT_JS === '1';

/** A fresh address, so journeys never collide with each other or the demo data. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** Waits until the browser code has taken over the page (clicks before that are lost). */
export async function hydrated(page: Page): Promise<void> {
  if (withoutJs) return; // nothing to wait for: the page is as the server sent it
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** Fails when the browser reported a Content-Security-Policy violation on this page. */
export async function expectNoPolicyViolations(page: Page): Promise<void> {
  const blocked = (await page.consoleMessages())
    .map((m) => m.text())
    .filter((text) => /Content Security Policy|Content-Security-Policy/i.test(text));
  expect(blocked, `Content-Security-Policy errors on ${page.url()}`).toEqual([]);
}

/** Everything the page reported as an error: console errors, and errors thrown. */
async function browserReports(page: Page): Promise<{ said: string[]; thrown: string[] }> {
  const said = (await page.consoleMessages()).filter((m) => m.type() === 'error').map((m) => m.text());
  const thrown = (await page.pageErrors()).map((e) => `${e.name}: ${e.message}`);
  return { said, thrown };
}

/** What the browser code said went wrong: a panic in the WebAssembly (which stops the page
 * responding), a hydration mismatch, or an uncaught error. Refusals the server gives (a 403
 * the page shows as a message) are not counted. */
async function browserFailures(page: Page): Promise<string[]> {
  const { said, thrown } = await browserReports(page);
  return [
    ...said.filter((text) => /panicked|hydrat|unreachable|RuntimeError/i.test(text)),
    // A journey without JavaScript stops the browser code from loading on purpose; that
    // failed load is not the code going wrong.
    ...thrown.filter((text) => !text.includes('Failed to fetch dynamically imported module')),
  ];
}

/** Fails when the browser code panicked, failed to hydrate or threw on this page. */
export async function expectNoBrowserErrors(page: Page): Promise<void> {
  expect(await browserFailures(page), `browser code errors on ${page.url()}`).toEqual([]);
}

/** For `test.afterEach` in each journey file: when a journey fails, say what the browser
 * code reported, so a failure in CI can be read without the browser (a page that stops
 * responding is often a panic in the WebAssembly). */
export async function printBrowserErrorsOnFailure({ page }: { page: Page }, testInfo: TestInfo): Promise<void> {
  if (testInfo.status !== testInfo.expectedStatus) {
    const { said, thrown } = await browserReports(page);
    console.log(`Browser console errors on ${page.url()}:\n${[...said, ...thrown].join('\n') || '(none)'}`);
  }
}

/** Runs axe on the page and fails on any serious or critical problem (and on any
 * Content-Security-Policy error, panic or hydration error the browser reported). */
export async function expectAccessible(page: Page): Promise<void> {
  if (withoutJs) return expectAccessibleWithoutJs(page);
  await axeCheck(page);
}

async function axeCheck(page: Page): Promise<void> {
  await expectNoPolicyViolations(page);
  await expectNoBrowserErrors(page);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, `accessibility problems on ${page.url()}`).toEqual([]);
}

/**
 * axe runs inside the page, which a JavaScript-disabled page cannot do. So the same
 * address is opened again, with the same cookies, in a page whose own scripts are
 * blocked (it stays exactly as the server sent it), and checked there.
 */
export async function expectAccessibleWithoutJs(page: Page): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    await context.addCookies(await page.context().cookies());
    const copy = await context.newPage();
    await copy.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    await copy.goto(page.url());
    await axeCheck(copy);
  } finally {
    await context.close();
  }
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    if (c === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface Mail { to: string; subject: string; text: string; }

function readMail(file: string): Mail {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).trim();
  const header = (name: string) => (head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '').slice(name.length + 1).trim();
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body)
    : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : body;
  return { to: header('To'), subject: header('Subject'), text };
}

/** The newest e-mail to `address` in the outbox whose text contains `contains`. */
export async function latestMail(address: string, contains: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect.poll(() => {
    if (!fs.existsSync(outbox)) return false;
    const mails = fs.readdirSync(outbox)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => path.join(outbox, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
      .map(readMail)
      .filter((m) => m.to.toLowerCase().includes(address.toLowerCase()) && m.text.includes(contains));
    found = mails[0];
    return Boolean(found);
  }, { message: `an e-mail to ${address} containing ${contains}`, timeout: 15_000 }).toBe(true);
  return found!;
}

/** The first link in `text` whose path starts with `pathStart`, as a path on this site. */
export function linkIn(text: string, pathStart: string): string {
  const match = text.match(new RegExp(`https?://[^\\s/]+(${pathStart.replace(/[?]/g, '\\?')}[^\\s]*)`));
  expect(match, `a ${pathStart} link in:\n${text}`).not.toBeNull();
  return match![1];
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello,/ })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You have signed out')).toBeVisible();
}
