// `npm run mutate -- <file or folder>... [--tests <test file>,...] [--concurrency N]`: StrykerJS on the named product files,
// with jest limited to the test files that concern them (see docs/mutation.md). Outside CI on purpose.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import base from '../../stryker.config.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
// Suites that start child processes or a browser: a mutant switched on in the jest process does not reach
// them, and one run of them takes minutes.
const SLOW_SUITES = ['test/e2e/', 'test/multiInstance/', 'test/faults/', 'test/bench/'];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a TypeScript file, as absolute .ts paths. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
}

/**
 * Test files that import a mutated file, directly or through other files under test/ (helpers, rigs,
 * harnesses). Imports are not followed through product code: nearly every test reaches nearly every module
 * that way (jest's own --findRelatedTests picks 25 to 68 files per module here).
 */
export function relatedTests(targets) {
  const testDir = path.join(root, 'test');
  const testFiles = filesUnder(testDir);
  const reaches = new Map();
  const visit = (file, seen) => {
    if (reaches.has(file)) return reaches.get(file);
    if (seen.has(file)) return false;
    seen.add(file);
    const found = importsOf(file).some((dep) => targets.has(dep) || (dep.startsWith(testDir) && existsSync(dep) && visit(dep, seen)));
    reaches.set(file, found);
    return found;
  };
  return testFiles
    .filter((file) => file.endsWith('.test.ts') && visit(file, new Set()))
    .map((file) => path.relative(root, file))
    .filter((file) => !SLOW_SUITES.some((slow) => file.startsWith(slow)))
    .sort();
}

function parseArgs(argv) {
  const targets = [];
  let tests;
  let concurrency;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tests') tests = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--concurrency') concurrency = Number(argv[++i]);
    else targets.push(argv[i]);
  }
  if (targets.length === 0) throw new Error('name the product files or folders to mutate, e.g. npm run mutate -- bot/interpret.ts');
  const mutate = targets.flatMap((t) => {
    const full = path.resolve(root, t);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  }).map((f) => path.relative(root, f));
  return { mutate, tests, concurrency };
}

const { mutate, tests: chosen, concurrency } = parseArgs(process.argv.slice(2));
const tests = chosen ?? relatedTests(new Set(mutate.map((f) => path.join(root, f))));
console.log(`mutating ${mutate.join(', ')}\nwith ${tests.length} test file(s):\n  ${tests.join('\n  ')}`);
if (process.env.MUTATE_LIST_ONLY) process.exit(0);
if (tests.length === 0) throw new Error('no test file imports these files; name them with --tests');

const result = await new Stryker({
  ...base,
  ...(concurrency ? { concurrency } : {}),
  mutate,
  // jest only ever sees these files: both the first (coverage) run and every mutant's run.
  jest: { ...base.jest, config: { testMatch: tests.map((t) => `<rootDir>/${t}`) } },
}).runMutationTest();
const counts = result.reduce((acc, m) => ({ ...acc, [m.status]: (acc[m.status] ?? 0) + 1 }), {});
console.log(JSON.stringify(counts));
