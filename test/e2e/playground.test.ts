// The whole product as a person meets it: the bot on the simulated tenants, the Microsoft 365 Agents
// Playground in front of it, and Debian's chromium (driven by playwright-core) typing into the chat.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBot, type RunningBot } from '../../bot/index.js';
import { startPlayground, waitForPlayground } from '../../bot/playground.js';
import { projectRoot } from '../../bot/projectRoot.js';

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

describe('Agents Playground end to end', () => {
  let bot: RunningBot;
  let playground: ChildProcess;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-'));
    bot = await startBot({ PORT: '0', STORAGE: `file:${join(dir, 'data')}`, LOG_LEVEL: 'warn' });
    const port = await freePort();
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
    playground?.kill('SIGTERM');
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers help with the command card, marked as simulated tenants', async () => {
    await send(page, 'help');
    await page.getByText('What I can do').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Placeholders must survive: Teams' renderer drops anything shaped like an HTML tag, such as <upn>.
    expect(await page.getByText('list redirects [source|target] [for ‹upn›]').first().isVisible()).toBe(true);
    expect(await page.getByText('move status ‹upn›').first().isVisible()).toBe(true);
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
});
