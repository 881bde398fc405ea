// Reads the tenant-client wire fixtures (test/fixtures/wire) as the raw text a server would send.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WIRE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'wire');

export function wireText(name: string): string {
  return readFileSync(join(WIRE, name), 'utf8');
}

export function wireJson<T = unknown>(name: string): T {
  return JSON.parse(wireText(name)) as T;
}
