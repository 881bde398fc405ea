// Files waiting for the admin's accept in Teams: kept a day in the shared store, then gone; a card click
// can only name one of ours.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_TTL_MS, ExportStore } from '../../../services/exports/exportStore.js';
import { FileStore } from '../../../services/store/fileStore.js';
import { ManualClock } from '../../helpers/clock.js';

let dir: string;
let store: FileStore;
let clock: ManualClock;
let exports: ExportStore;
const file = { userId: 'a1', fileName: 'moves.csv', description: 'moves', csv: 'a,b\r\n', rows: 1 };
/** Files left in the store directory, whatever their naming. */
const storedFiles = async () => (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-export-store-'));
  store = new FileStore(dir);
  clock = new ManualClock();
  exports = new ExportStore(store, clock);
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('ExportStore', () => {
  it('keeps a file a day: read back whole until then, gone from the store once the day has passed', async () => {
    const saved = await exports.save(file);
    expect(saved).toMatchObject({ ...file, createdAt: '2026-11-02T09:00:00.000Z', expiresAt: '2026-11-03T09:00:00.000Z' });
    expect(EXPORT_TTL_MS).toBe(24 * 60 * 60 * 1000);
    clock.advance(EXPORT_TTL_MS - 1);
    expect(await exports.get(saved.id)).toEqual(saved);
    clock.advance(1);
    expect(await exports.get(saved.id)).toBeNull();
    expect(await storedFiles()).toEqual([]);
  });

  it('keeps each file apart, and drops one on request without touching another', async () => {
    const first = await exports.save(file);
    const second = await exports.save({ ...file, fileName: 'audit.csv', csv: 'x\r\n' });
    expect(first.id).not.toBe(second.id);
    expect(await exports.get(first.id)).toEqual(first);
    await exports.drop(first.id);
    expect(await exports.get(first.id)).toBeNull();
    expect(await exports.get(second.id)).toEqual(second);
    // Under its own prefix in the shared store, beside plans and jobs.
    expect(await store.read([`exports/${second.id}`])).toEqual({ [`exports/${second.id}`]: expect.objectContaining({ export: second }) });
  });

  it('takes from a click nothing but one of its own ids', async () => {
    const saved = await exports.save(file);
    for (const id of [undefined, 42, { id: saved.id }, `${saved.id}x`, `x${saved.id}`, saved.id.toUpperCase(), '../exports/x']) {
      expect(await exports.get(id)).toBeNull();
    }
    expect(await exports.get(saved.id)).toEqual(saved);
  });
});
