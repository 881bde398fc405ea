// Every environment key the code reads: the configuration schema, the rules beside it, the sandbox knobs,
// and direct reads. Whatever names a setting (.env.example, the guide, the Azure template) is checked
// against this one list, so a renamed or dropped setting shows up everywhere at once.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TENANT_KEYS } from '../../bot/configRules.js';
import { SANDBOX_KNOBS } from '../../services/sandbox/envOptions.js';

export const projectRoot = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');

export function keysTheCodeReads(): Set<string> {
  const keys = new Set<string>([...TENANT_KEYS, ...Object.keys(SANDBOX_KNOBS)]);
  const schema = /const schema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(read('bot/config.ts'))?.[1] ?? '';
  for (const m of schema.matchAll(/^\s{2}([A-Za-z_][A-Za-z0-9_]*):/gm)) keys.add(m[1]);
  const files = [...['bot', 'manifest', 'services/sandbox', 'test/e2e'].flatMap((dir) => readdirSync(join(projectRoot, dir)).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`))];
  for (const file of files) {
    for (const m of read(file).matchAll(/\b(?:process\.env|env|present)\.([A-Z][A-Za-z0-9_]*)/g)) keys.add(m[1]);
  }
  return keys;
}
