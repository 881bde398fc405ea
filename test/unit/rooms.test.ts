// The rooms of services/ stand in one order, lowest first: a room may import rooms below it, never one
// above it. Generic parts (the files directly in services/, and services/core) are below every room. The bot
// and the cards are above all of services, and nothing in services imports them. Read from the source files'
// import lines, so a new import that breaks the order fails here with the file that made it.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const services = join(root, 'services');

/** Lowest first. Every folder in services/ must be named here (a new room takes its place on purpose). */
const ROOMS = [
  'core', 'telemetry', 'store', 'identityMap', 'tenants', 'sandbox', 'setupCheck', 'knowledge', 'insights', 'approvals', 'audit',
  'guidance', 'jobs', 'regression', 'exports',
] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The room a file of the project lives in: a services room, 'ground' for services/*.ts, or its top folder. */
function roomOf(file: string): string {
  const parts = relative(root, file).split(sep);
  if (parts[0] !== 'services') return parts[0]!;
  return parts.length === 2 ? 'ground' : parts[1]!;
}

const rank = (room: string) => (room === 'ground' ? -1 : ROOMS.indexOf(room as typeof ROOMS[number]));

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!));
}

describe('rooms', () => {
  const files = sourceFiles(services);

  it('name every folder of services/', () => {
    const folders = readdirSync(services, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual([...ROOMS].sort());
  });

  it('import only rooms below their own, and never the bot or the cards', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = roomOf(file);
      for (const target of importsOf(file)) {
        const to = roomOf(target);
        if (to === from) continue;
        if (to === 'bot' || to === 'cards' || to === 'test' || rank(to) > rank(from)) {
          wrong.push(`${relative(root, file)} (${from}) imports ${relative(root, target)} (${to})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
