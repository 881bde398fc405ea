// The whole product as a person meets it: the bot on the simulated tenants, the Microsoft 365 Agents
// Playground in front of it, and Debian's chromium (driven by playwright-core) typing into the chat.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBot, type RunningBot } from '../../bot/index.js';
import { startPlayground, waitForPlayground } from '../../bot/playground.js';
import { projectRoot } from '../../bot/projectRoot.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * The Playground's configuration with the approver as the current user (the admin becomes one of the
 * others): the Playground has no user switch, so acting as someone else means restarting it like this.
 */
function configAsApprover(folder: string): string {
  const { admin, approver } = SANDBOX_PEOPLE;
  const swaps: Record<string, string> = {
    [admin.teamsId]: approver.teamsId, [approver.teamsId]: admin.teamsId,
    [admin.aadObjectId]: approver.aadObjectId, [approver.aadObjectId]: admin.aadObjectId,
    'Avery Admin': 'Parker Approver', 'Parker Approver': 'Avery Admin',
    'avery.admin': 'parker.approver', 'parker.approver': 'avery.admin',
    'givenName: Avery': 'givenName: Parker', 'givenName: Parker': 'givenName: Avery',
    'surname: Admin': 'surname: Approver', 'surname: Approver': 'surname: Admin',
  };
  const pattern = new RegExp(Object.keys(swaps).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const text = readFileSync(join(projectRoot(), '.m365agentsplayground.yml'), 'utf8').replace(pattern, (m) => swaps[m]!);
  writeFileSync(join(folder, '.m365agentsplayground.yml'), text, 'utf8');
  return folder;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

describe('Agents Playground end to end', () => {
  let bot: RunningBot;
  let playground: ChildProcess;
  let playgroundPort: number;
  let botUrlPort: number;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-'));
    mkdirSync(join(dir, 'as-approver'));
    // Moves back are polled often here, so the move-back test does not wait out the default interval.
    // A short answer budget: reads that take longer (most, here) answer with a reading card that the answer
    // replaces, so every test below also shows that the Playground renders those edits in place.
    bot = await startBot({ PORT: '0', STORAGE: `file:${join(dir, 'data')}`, LOG_LEVEL: 'warn', ANSWER_WITHIN_MS: '100' }, { pollIntervalMs: 200 });
    const port = await freePort();
    playgroundPort = port;
    botUrlPort = bot.port;
    url = `http://127.0.0.1:${port}/`;
    playground = startPlayground(bot.port, port, projectRoot());
    await waitForPlayground(url, 60_000, playground);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Nothing leaves the machine: the Playground's page asks a CDN for fonts.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (playground) await stop(playground);
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers help with the command card, marked as simulated tenants', async () => {
    await send(page, 'help');
    await page.getByText('What I can do').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Placeholders must survive: Teams' renderer drops anything shaped like an HTML tag, such as <upn>.
    expect(await page.getByText('list redirects [source|target] [for ‹upn›]').first().isVisible()).toBe(true);
    expect(await page.getByText('move status ‹upn or site url›').first().isVisible()).toBe(true);
    expect(await page.getByText(/simulated tenants/i).first().isVisible()).toBe(true);
  }, 60_000);

  it('lists redirect sites a page at a time and pages forward with the card button', async () => {
    await send(page, 'list redirects');
    const first = page.getByText(/^Page 1 of \d+, \d+ in all$/).first();
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    const total = Number(/(\d+) in all/.exec((await first.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(await page.getByText(/^https:\/\/contoso-my\.sharepoint\.com\/personal\//).first().isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Next' }).last().click();
    await page.getByText(/^Page 2 of \d+, \d+ in all$/).first().waitFor({ state: 'visible', timeout: 30_000 });
  }, 60_000);

  it('asks for remove redirects as the admin, then approves it as the approver (after a restart) and sees the result on the card', async () => {
    await send(page, 'remove redirects');
    await page.getByText('Waiting for approval', { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('body').innerText()).toMatch(/What it will do \(\d+ in all\)/);

    // Acting as the approver: same Playground port (stored conversation references stay valid).
    await stop(playground);
    playground = startPlayground(botUrlPort, playgroundPort, configAsApprover(join(dir, 'as-approver')));
    await waitForPlayground(url, 60_000, playground);
    await page.goto(url);
    await send(page, 'pending');
    await page.getByText('Waiting for approval', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByRole('button', { name: 'Approve' }).last().click();
    // The invoke answer says it started; the edits that follow carry it to the result.
    // The scenario holds one redirect site under a retention policy: the job partly fails. The decision is on
    // that result card itself (the pending card named Parker Approver before anyone decided).
    await page.getByText(/^Partly failed: \d+ of \d+ failed$/).first().waitFor({ state: 'visible', timeout: 90_000 });
    const result = page.locator('.ac-adaptiveCard', { hasText: /Partly failed: \d+ of \d+ failed/ }).last();
    expect(await result.innerText()).toMatch(/Approved by\W*Parker Approver/);
  }, 240_000);

  it('finishes one site like a person: its move on the card, its redirect gone with the approved plan', async () => {
    // The plan approved above removed every redirect of a completed move, sites' (from the site map) included.
    const site = bot.sandbox!.scenario!.sites!.find((x) => x.kind === 'site' && x.status === 'completed')!;
    await stop(playground);
    playground = startPlayground(botUrlPort, playgroundPort, projectRoot());
    await waitForPlayground(url, 60_000, playground);
    await page.goto(url);
    await send(page, `move status ${site.targetSiteUrl}`);
    await page.getByText(`Move status: ${site.targetSiteUrl}`).last().waitFor({ state: 'visible', timeout: 30_000 });
    const card = await page.getByText(`Move status: ${site.targetSiteUrl}`).last().locator('xpath=ancestor::*[contains(@class, "ac-adaptiveCard")][1]').innerText();
    expect(card).toMatch(/Status\s*completed/);
    expect(card).toContain(site.sourceSiteUrl);
    expect(card).toMatch(/Moved\s*Site/);
    const removed = bot.sandbox!.changes().filter((c) => c.method === 'RemoveSite' && c.outcome === 'ok').map((c) => c.target.toLowerCase().replace(/\/+$/, ''));
    expect(removed).toContain(site.sourceSiteUrl.toLowerCase());
    await send(page, `remove redirects source ${site.sourceSiteUrl}`);
    await page.getByText(`${site.sourceSiteUrl} is not a redirect site on contoso`).last().waitFor({ state: 'visible', timeout: 30_000 });
  }, 120_000);

  it('moves one person back: the admin asks, the approver approves, the admin checks access and it is confirmed', async () => {
    const s = bot.sandbox!.scenario!;
    const special = new Set([s.heldRedirectUrl, ...(s.lockedRedirects ?? [])]);
    const u = s.users.find((x) => x.status === 'completed' && !special.has(x.sourceSiteUrl) && !x.sourceUpn.includes("'"))!;
    const restartAs = async (folder: string) => {
      await stop(playground);
      playground = startPlayground(botUrlPort, playgroundPort, folder);
      await waitForPlayground(url, 60_000, playground);
      await page.goto(url);
    };
    await restartAs(projectRoot());
    await send(page, `migrate back ${u.targetUpn} to ${u.sourceUpn}`);
    await page.getByText('Preflight checks', { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByText('Waiting for approval', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('body').innerText()).not.toContain('✖');

    await restartAs(join(dir, 'as-approver'));
    await send(page, 'pending');
    await page.getByText(`Move ${u.targetUpn} back to contoso`).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByRole('button', { name: 'Approve' }).last().click();
    await page.getByText(/^Done: all 2 finished$/).first().waitFor({ state: 'visible', timeout: 90_000 });

    // Back as the admin (the requester): the tracking card, asked for until the move has completed.
    await restartAs(projectRoot());
    const completed = page.getByText('Move completed: confirm access', { exact: true });
    for (let i = 0; i < 30 && !(await completed.first().isVisible()); i++) {
      await send(page, `move status ${u.targetUpn}`);
      await page.getByText(`Moving ${u.targetUpn} back to ${u.sourceUpn}`).last().waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForTimeout(500);
    }
    await completed.first().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByRole('button', { name: 'Check access' }).last().click();
    // The clicked card becomes the confirmed one: state "Access confirmed", and the last cleanup sent for approval.
    await page.getByText(/^Plan p-\w+ to remove https:\/\/fabrikam-my\.sharepoint\.com\/personal\/\S+ was sent for approval\.$/).first().waitFor({ state: 'visible', timeout: 60_000 });
    const card = await page.getByText(/^Plan p-\w+ to remove/).first().locator('xpath=ancestor::*[contains(@class, "ac-adaptiveCard")][1]').innerText();
    expect(card).toMatch(/^Access confirmed$/m);
    expect(card).not.toContain('Check access');
  }, 300_000);

  it('shows times in the reader\'s own format and people by name (the audit card)', async () => {
    // Whoever the Playground runs as now, the admin asks: the audit is theirs to read.
    await stop(playground);
    playground = startPlayground(botUrlPort, playgroundPort, projectRoot());
    await waitForPlayground(url, 60_000, playground);
    await page.goto(url);
    // Something by a named person is in the log whatever ran before: this request.
    await send(page, 'remove redirects');
    await page.getByText('Waiting for approval', { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await send(page, 'audit');
    const heading = page.getByText(/^Audit log: the latest \d+ entries, newest first$/).last();
    await heading.waitFor({ state: 'visible', timeout: 30_000 });
    const card = await heading.locator('xpath=ancestor::*[contains(@class, "ac-adaptiveCard")][1]').innerText();
    // DATE()/TIME() were formatted by the card renderer: no function text, no raw timestamp, a year shown.
    expect(card).not.toMatch(/\{\{(DATE|TIME)\(/);
    expect(card).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // e.g. "plan requested" then "Wed, Dec 2, 2026 6:19 PM · Avery Admin · p-…": the date, then the name.
    const year = new Date().getFullYear();
    expect(card).toMatch(new RegExp(`plan requested\\s*\\n[^\\n]*\\b${year}\\b[^\\n]*\\s·\\sAvery Admin\\s·\\sp-`));
    expect(card).not.toContain(SANDBOX_PEOPLE.admin.aadObjectId);
  }, 180_000);

  it('answers a slow read with a reading card that turns into the answer in the same message', async () => {
    // Still the admin, as the test before left the Playground.
    await send(page, 'refresh');
    const reading = page.getByText('refresh: reading the tenants', { exact: true });
    await reading.first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByText('Post-migration status', { exact: true }).last().waitFor({ state: 'visible', timeout: 60_000 });
    // Replaced in place: the reading card is gone, not followed by a second message.
    await reading.first().waitFor({ state: 'detached', timeout: 10_000 });
    // DATE()/TIME() are formatted by the card renderer in the reader's zone; the age was worked out by the bot.
    expect(await page.getByText(/^As of .* \((just now|\d+ s ago)\), the oldest read counted/).last().isVisible()).toBe(true);
  }, 120_000);

  it('offers a list as a file: export moves says what the file holds (the consent card is Teams\' own)', async () => {
    await send(page, 'export moves');
    const ready = page.getByText('Move states: your file is ready', { exact: true });
    await ready.last().waitFor({ state: 'visible', timeout: 60_000 });
    const card = await ready.last().locator('xpath=ancestor::*[contains(@class, "ac-adaptiveCard")][1]').innerText();
    // 250 people and the default rehearsal's 6 sites and 3 group sites (SANDBOX_SITES, SANDBOX_GROUP_SITES).
    expect(card).toMatch(/Rows\s*\n?\s*259/);
    expect(card).toMatch(/moves-\S+\.csv/);
  }, 60_000);
});
