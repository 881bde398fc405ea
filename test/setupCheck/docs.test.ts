// The guide and the README name only commands and settings that exist; .env.example lists exactly the
// keys the code reads, one comment line each; the guide's permission list is the one the check uses.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_ROLES } from '../../services/setupCheck/requiredPermissions.js';
import { keysTheCodeReads } from '../helpers/settingsTheCodeReads.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const docs = { 'docs/deploy.md': read('docs/deploy.md'), 'README.md': read('README.md') };

/** `KEY=` lines of .env.example, and whether each has exactly one comment line right above it. */
function envExample(): { keys: string[]; undocumented: string[] } {
  const lines = read('.env.example').split('\n');
  const keys: string[] = [];
  const undocumented: string[] = [];
  lines.forEach((line, i) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
    if (!m) return;
    keys.push(m[1]);
    if (!lines[i - 1]?.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(lines[i - 1] ?? '')) undocumented.push(m[1]);
  });
  return { keys, undocumented };
}

/** Setting names a text uses: SNAKE_CASE (not wildcards like SOURCE_* or *_CERT_PATH), MicrosoftApp*, and `PORT`/`STORAGE`-style backticked words. */
function settingNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?<![\w*])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w*])/g)) names.add(m[1]);
  for (const m of text.matchAll(/\b(MicrosoftApp[A-Za-z]+)\b/g)) names.add(m[1]);
  for (const m of text.matchAll(/`([A-Z]{4,})(?:=[^`]*)?`/g)) names.add(m[1]);
  return [...names];
}

describe('docs/deploy.md and README.md name only what exists', () => {
  const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

  it.each(Object.entries(docs))('%s: every `npm run <x>` is a package.json script', (_name, text) => {
    const used = [...text.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it.each(Object.entries(docs))('%s: every setting named is a key of .env.example', (_name, text) => {
    const { keys } = envExample();
    expect(settingNames(text).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('the guide covers what a deployment needs', () => {
    const guide = docs['docs/deploy.md'];
    for (const words of ['Azure Bot', 'Microsoft Teams', 'openssl', '.cer', 'Grant admin consent', 'npm run package', 'npm run doctor', 'App Service', 'Node 20', '/api/messages', 'STORAGE', 'simulated tenants']) {
      expect(guide).toContain(words);
    }
    expect(docs['README.md']).toContain('(docs/deploy.md)');
  });

  it('the guide deploys with the template in one command, says how to undo every step, and ends with check setup', () => {
    const guide = docs['docs/deploy.md'];
    expect(guide).toMatch(/az deployment group create --resource-group \S+ \\\n\s+--template-file infra\/azuredeploy\.json --parameters @infra\/parameters\.example\.json/);
    const steps = guide.split(/^## (?=\d+\. )/m).slice(1);
    expect(steps.length).toBeGreaterThanOrEqual(7);
    expect(steps.filter((step) => !/^Undo: /m.test(step)).map((step) => step.split('\n')[0])).toEqual([]);
    expect(steps.at(-1)).toContain('`check setup`');
  });

  it('the guide names every permission the setup check requires, and Mail.Send and GroupMember.Read.All as optional', () => {
    const guide = docs['docs/deploy.md'];
    for (const role of [...REQUIRED_ROLES.sharepoint, ...REQUIRED_ROLES.graph]) expect(guide).toContain(`\`${role}\``);
    expect(guide).toMatch(/`Mail\.Send` \| only for an e-mail fallback/);
    expect(guide).toMatch(/`GroupMember\.Read\.All` \| only on the target tenant when `ADMIN_GROUP_IDS` or `APPROVER_GROUP_IDS`/);
  });
});

describe('.env.example', () => {
  it('documents each key with one comment line', () => {
    expect(envExample().undocumented).toEqual([]);
  });

  it('lists every key the code reads, and no key it does not', () => {
    const { keys } = envExample();
    const codeReads = keysTheCodeReads();
    expect([...codeReads].filter((k) => !keys.includes(k)).sort()).toEqual([]);
    expect(keys.filter((k) => !codeReads.has(k))).toEqual([]);
  });
});
