import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FileStore } from '../../../services/store/fileStore.js';
import { SNAPSHOT_TTL_MS, SnapshotStore } from '../../../services/store/snapshotStore.js';
import { ManualClock } from '../../helpers/clock.js';

describe('SnapshotStore', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'pmb-snap-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves a list under a random id and loads it until it expires', async () => {
    const clock = new ManualClock();
    const snapshots = new SnapshotStore(new FileStore(dir), clock);
    const saved = await snapshots.save({ kind: 'redirects', params: { side: 'source' }, command: 'list redirects', items: [{ url: 'https://a' }] });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.expiresAt).toBe(new Date(clock.now().getTime() + SNAPSHOT_TTL_MS).toISOString());
    expect(await snapshots.load(saved.id)).toEqual(saved);
    clock.advance(SNAPSHOT_TTL_MS);
    expect(await snapshots.load(saved.id)).toBeNull();
  });

  it('answers null for an id it never saved', async () => {
    const snapshots = new SnapshotStore(new FileStore(dir), new ManualClock());
    expect(await snapshots.load('0b6f0c3e-8a4e-4b53-9f0e-0d1c2b3a4f5e')).toBeNull();
  });
});
