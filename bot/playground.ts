// Starts the Microsoft 365 Agents Playground (a Teams-like web client) against the bot, headless.
// It needs the bot's authentication off, reads people and tenant from .m365agentsplayground.yml in
// `cwd`, and listens on all interfaces (its own choice; see README).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

export const DEFAULT_PLAYGROUND_PORT = 56150;

export function startPlayground(botPort: number, playgroundPort: number, cwd: string): ChildProcess {
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  return spawn(
    process.execPath,
    [cli, '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--port', String(playgroundPort),
      '--channel-id', 'msteams', '--disable-telemetry'],
    // TEAMSAPPTESTER_BROWSER=none: print the URL instead of opening a browser.
    { cwd, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * Resolves once the Playground serves its page (it does so only after the bot endpoint answers).
 * It exits with code 1 and no message on a configuration it rejects (e.g. not exactly five `users`
 * in .m365agentsplayground.yml), so an early exit is reported as such instead of waiting out the timeout.
 */
export async function waitForPlayground(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`Agents Playground exited (code ${child.exitCode}) before serving ${url}: check .m365agentsplayground.yml`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Agents Playground did not answer at ${url} within ${timeoutMs} ms (${last})`);
}
