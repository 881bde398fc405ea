// Identity-map load: writes an N-row file (users plus a few groups) to a temp dir, imports it through the
// streaming reader, and samples memory while it loads (no --expose-gc under `npm run bench`, so the
// increase is the peak seen during the load over what was in use just before it).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findUser, importIdentityMap } from '../../services/identityMap/identityMap.js';

export interface IdentityMapBench {
  rows: number; bytes: number; users: number; elapsedMs: number;
  rssIncreaseMb: number; heapIncreaseMb: number; lookupsPerSecond: number;
}

const TENANT = '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f';
const guid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function csv(rows: number): string {
  const lines: string[] = [];
  const groups = Math.min(1000, Math.floor(rows / 100));
  for (let i = 0; i < rows - groups; i++) {
    // Realistic shapes: an apostrophe now and then, one quoted field in ten.
    const first = i % 97 === 0 ? `o'neil${i}` : `user${i}`;
    const upn = `${first}.lastname@contoso.com`;
    const target = `${first}.lastname@fabrikam.com`;
    lines.push(`User,${TENANT},${i % 10 === 0 ? `"${upn}"` : upn},${target},${target},${i % 20 === 0 ? 'Guest' : 'Member'}`);
  }
  for (let g = 0; g < groups; g++) lines.push(`Group,${TENANT},${guid(g + 1)},${guid(g + 1_000_000)},"Group ${g}, EMEA",Unified`);
  return lines.join('\r\n') + '\r\n';
}

export async function benchIdentityMap(rows: number): Promise<IdentityMapBench> {
  const dir = await mkdtemp(join(tmpdir(), 'idmap-bench-'));
  try {
    const path = join(dir, 'identity-map.csv');
    await writeFile(path, csv(rows));
    const bytes = (await stat(path)).size;
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const timer = setInterval(sample, 5);
    const started = performance.now();
    const result = await importIdentityMap(path, { maxRows: Math.max(rows, 500_000) });
    const elapsedMs = performance.now() - started;
    clearInterval(timer);
    sample();
    if (!result.ok) throw new Error(`bench file refused: ${JSON.stringify(result.errors.slice(0, 3))}`);

    const lookups = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < lookups; i++) findUser(result.map, `USER${(i * 7919) % (rows / 2)}.lastname@Fabrikam.com`);
    const lookupsPerSecond = lookups / ((performance.now() - t0) / 1000);
    const mb = (n: number) => n / (1024 * 1024);
    return {
      rows, bytes, users: result.users, elapsedMs, lookupsPerSecond,
      rssIncreaseMb: mb(peakRss - before.rss), heapIncreaseMb: mb(peakHeap - before.heapUsed),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
