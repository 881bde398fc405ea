// What a person sees in the terminal: log lines for people there, JSON for hosts and files, and no
// DEP0111 warning from restify's dependencies at start (any other warning still shows).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { wantsPretty } from '../../../services/log.js';

const root = new URL('../../../', import.meta.url).pathname;

/** Runs TypeScript in a child Node (tsx), stdout and stderr piped. */
function run(code: string): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('log lines', () => {
  it('are for people on a terminal and JSON anywhere else', () => {
    expect(wantsPretty({}, { isTTY: true })).toBe(true);
    expect(wantsPretty({}, { isTTY: false })).toBe(false);
    expect(wantsPretty({}, {})).toBe(false);
    expect(wantsPretty({ destination: { write: () => undefined } }, { isTTY: true })).toBe(false);
    expect(wantsPretty({ pretty: false }, { isTTY: true })).toBe(false);
  });

  it('read as time, level and message when pretty, still redacted', () => {
    const { stdout } = run(`
      import { createLogger } from './services/log.ts';
      createLogger({ pretty: true }).info({ token: 'secret-77', upn: 'a@contoso.com' }, 'bot listening');`);
    // eslint-disable-next-line no-control-regex
    const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: bot listening \{"token":"\[redacted\]","upn":"a@contoso.com"\}/m);
    expect(stdout).not.toContain('secret-77');
    expect(stdout).not.toContain('"level":30');
  });

  it('stay one JSON object a line when stdout is not a terminal', () => {
    const { stdout } = run(`
      import { createLogger } from './services/log.ts';
      createLogger().info({ upn: 'a@contoso.com' }, 'bot listening');`);
    expect(JSON.parse(stdout.trim())).toMatchObject({ level: 30, msg: 'bot listening', upn: 'a@contoso.com' });
  });
});

describe('warnings at start', () => {
  it('drop DEP0111 from loading restify, and no other warning', () => {
    const { stderr } = run(`
      await import('./bot/server.ts');
      process.emitWarning('a warning that must still show', 'DeprecationWarning', 'DEP0999');`);
    expect(stderr).not.toContain('DEP0111');
    expect(stderr).toContain('[DEP0999] DeprecationWarning: a warning that must still show');
  });

  it('would show DEP0111 without that module (so the check above can fail)', () => {
    const { stderr } = run(`await import('restify');`);
    expect(stderr).toContain('DEP0111');
  });
});
