// Import boundaries: the tenant clients know nothing of the simulated tenants (and the reverse), and cards
// take plain data, importing nothing from services/insights. Read from the source files' import lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's imports that resolve under `forbidden` (a folder from the project root). */
function importsInto(dir: string, forbidden: string): string[] {
  return sources(dir).flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)]
    .map((m) => m[1]!)
    .filter((spec) => spec.startsWith('.') && relative(ROOT, join(ROOT, file, '..', spec)).startsWith(forbidden))
    .map((spec) => `${file} → ${spec}`));
}

describe('import boundaries', () => {
  it('the tenant clients import nothing from the simulated tenants', () => {
    expect(importsInto('services/tenants', 'services/sandbox')).toEqual([]);
  });
  it('the simulated tenants import nothing from the tenant clients', () => {
    expect(importsInto('services/sandbox', 'services/tenants')).toEqual([]);
  });
  it('cards import nothing from services/insights', () => {
    expect(importsInto('cards', 'services/insights')).toEqual([]);
  });
  it('catches an import it is meant to catch', () => {
    expect(importsInto('services/sandbox', 'services/loopbackRouting')).toEqual(['services/sandbox/types.ts → ../loopbackRouting.js']);
  });
});
