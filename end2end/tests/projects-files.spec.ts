import { expect, test, Page } from '@playwright/test';
import { expectAccessible, expectAccessibleWithoutJs, hydrated, signIn, printBrowserErrorsOnFailure } from './helpers';

test.afterEach(printBrowserErrorsOnFailure);

// The demo's SE-SURG recovery college project in fieldwork: participants P-01 to P-12 with
// consent (P-11 agreed to audio recording, P-12 did not), and the files demo's two pasted
// transcripts and one short recording.

const PROJECT = 'Evaluation of the recovery college in south Essex';

async function openProject(page: Page, email: string): Promise<string> {
  await signIn(page, email);
  await page.goto('/projects');
  await page.getByRole('link', { name: PROJECT, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
  return new URL(page.url()).pathname;
}

test('a researcher pastes a transcript, uploads one, opens and downloads it; the commissioner is refused', async ({ page, browser }) => {
  const project = await openProject(page, 'tom@se-surg.example');
  await page.getByRole('link', { name: 'Recordings and transcripts', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Recordings and transcripts/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /P-01/ }).first()).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const data = new URL(page.url()).pathname;

  // Paste a transcript.
  await page.getByLabel('Participant the transcript belongs to').selectOption({ label: 'P-11' });
  await page.getByLabel('Transcript', { exact: true }).fill('TB: What was the course like?\nP-11: Friendly. The tutor had been there herself.');
  await page.getByRole('button', { name: 'Save transcript' }).click();
  await expect(page.getByText('The transcript is saved')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Transcript of P-11' })).toBeVisible();
  await expect(page.getByText('The tutor had been there herself.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Upload a text file.
  await page.goto(data);
  await hydrated(page);
  await page.getByLabel('A transcript (text file)').check();
  await page.getByLabel('Participant the file belongs to').selectOption({ label: 'P-11' });
  await page.getByLabel('File', { exact: true }).setInputFiles({
    name: 'interview-P-11.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('PS: Anything you would change?\nP-11: Courses nearer home, please.'),
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByText('The file is uploaded')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Transcript of P-11' })).toBeVisible();
  await expect(page.getByText('Courses nearer home, please.')).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the transcript' }).click();
  expect((await download).suggestedFilename()).toBe('interview-P-11.txt');

  // A program named like a recording is refused, with the message beside the file.
  await page.goto(data);
  await hydrated(page);
  await page.getByLabel('A recording (audio)').check();
  await page.getByLabel('Participant the file belongs to').selectOption({ label: 'P-11' });
  await page.getByLabel('File', { exact: true }).setInputFiles({
    name: 'recording.mp3',
    mimeType: 'audio/mpeg',
    buffer: Buffer.from('MZ\x90\x00\x03\x00 This program cannot be run in DOS mode', 'latin1'),
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByText('not what its name says')).toBeVisible();
  await expect(page.getByLabel('Participant the file belongs to')).toHaveValue(/\d+/);
  await expectAccessible(page);

  // The participant's page lists their files.
  await page.getByRole('link', { name: /^Transcript/ }).first().click();
  await page.getByRole('link', { name: 'P-11', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Recordings and transcripts' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Transcript, uploaded/ }).first()).toBeVisible();

  // Without JavaScript: the upload form works as the server sends it.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto(data);
  await expect(plain.getByRole('heading', { level: 1, name: /^Recordings and transcripts/ })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await plain.getByLabel('A transcript (text file)').check();
  await plain.getByLabel('Participant the file belongs to').selectOption({ label: 'P-12' });
  await plain.getByLabel('File', { exact: true }).setInputFiles({
    name: 'notes-P-12.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('P-12: I speak up more at appointments now.'),
  });
  await plain.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(plain.getByText('The file is uploaded')).toBeVisible();
  await expect(plain.getByRole('heading', { level: 1, name: 'Transcript of P-12' })).toBeVisible();
  await expectAccessibleWithoutJs(plain);
  await noJs.close();

  // The commissioner never sees the data.
  const other = await browser.newContext();
  const sam = await other.newPage();
  await signIn(sam, 'sam.okafor@msenhs.example');
  await sam.goto(data);
  await expect(sam.getByRole('heading', { level: 1, name: 'You cannot see this page' })).toBeVisible();
  await expect(sam.getByText('P-11')).toHaveCount(0);
  await hydrated(sam);
  await expectAccessible(sam);
  await sam.goto(project);
  await expect(sam.getByRole('link', { name: 'Recordings and transcripts' })).toHaveCount(0);
  await other.close();
});
