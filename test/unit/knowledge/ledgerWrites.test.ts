// The move ledger's writes, on the file store as the bot uses it: a read's results reach the store
// merged per person, and a flush that starts from this instance's own last write still keeps what
// another writer stored in between (compare-and-set refuses the stale start; the ledger reads and merges).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityMap, IdentityMapUser } from '../../../services/identityMap/identityMap.js';
import { MoveLedger } from '../../../services/knowledge/moveLedger.js';
import { systemClock } from '../../../services/ports.js';
import { FileStore } from '../../../services/store/fileStore.js';
import type { MoveState } from '../../../services/tenants/types.js';
import { memoryLogger } from '../../helpers/logs.js';

const KEY = 'knowledge/moves';
const person = (n: number): IdentityMapUser => ({
  line: n + 1, sourceTenantCompanyId: '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f',
  sourceUpn: `person${n}@contoso.com`, targetUpn: `person${n}@fabrikam.com`, targetEmail: `person${n}@fabrikam.com`, userType: 'User',
});
const map: IdentityMap = { users: [0, 1, 2].map(person), problems: [] };

let dir: string;
let store: FileStore;
let status: MoveState['status'] = 'inProgress';
let ledger: MoveLedger;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmb-ledger-'));
  store = new FileStore(dir);
  ledger = new MoveLedger({
    store, clock: systemClock, logger: memoryLogger().logger, owner: 'test-host:1', identityMap: async () => map,
    source: { getMoveState: async (upn) => ({ sourceUpn: upn, status }), throttleCount: () => 0 },
  });
});
afterAll(async () => {
  await ledger.stop();
  await rm(dir, { recursive: true, force: true });
});

const stored = async () => ((await store.read([KEY]))[KEY]?.ledger as { entries: Record<string, { state: MoveState | null; readAt: string }> }).entries;

describe('move ledger writes', () => {
  it('stores everyone read, and keeps an entry another writer stored between two of its reads', async () => {
    expect(await ledger.refresh('all')).toBe(true);
    expect(Object.values(await stored()).map((e) => e.state?.status)).toEqual(['inProgress', 'inProgress', 'inProgress']);
    // Another instance writes in between (its own compare-and-set on the same document).
    const item = (await store.read([KEY]))[KEY]!;
    const doc = item.ledger as { entries: Record<string, unknown> };
    doc.entries['someone.else@contoso.com'] = { state: { sourceUpn: 'someone.else@contoso.com', status: 'completed' }, readAt: new Date().toISOString() };
    await store.write({ [KEY]: { ledger: doc, eTag: item.eTag } });
    status = 'completed';
    expect(await ledger.refresh('all')).toBe(true);
    const after = await stored();
    expect(after['someone.else@contoso.com']?.state?.status).toBe('completed');
    expect(map.users.map((u) => after[u.sourceUpn.toLowerCase()]?.state?.status)).toEqual(['completed', 'completed', 'completed']);
    expect((await ledger.view(map)).entries.size).toBe(3);
  });
});

describe('two instances reading the same people', () => {
  it('keeps the later read of a person when an earlier read lands after it', async () => {
    const raceDir = await mkdtemp(join(tmpdir(), 'pmb-ledger-race-'));
    const shared = new FileStore(raceDir);
    const instance = (offsetMs: number, answer: MoveState['status'], owner: string) => new MoveLedger({
      store: shared, owner, logger: memoryLogger().logger, identityMap: async () => map,
      clock: { now: () => new Date(Date.now() + offsetMs), sleep: systemClock.sleep },
      source: { getMoveState: async (upn) => ({ sourceUpn: upn, status: answer }), throttleCount: () => 0 },
    });
    // The later read (an hour on) is stored first; the earlier one, still "in progress", lands after it.
    const later = instance(3_600_000, 'completed', 'host-later:1');
    const earlier = instance(0, 'inProgress', 'host-earlier:1');
    try {
      expect(await later.refresh('all')).toBe(true);
      expect(await earlier.refresh('all')).toBe(true);
      const entries = ((await shared.read([KEY]))[KEY]?.ledger as { entries: Record<string, { state: MoveState | null; readAt: string }> }).entries;
      expect(map.users.map((u) => entries[u.sourceUpn.toLowerCase()]?.state?.status)).toEqual(['completed', 'completed', 'completed']);
      expect([...(await earlier.view(map)).entries.values()].map((e) => e.state?.status)).toEqual(['completed', 'completed', 'completed']);
    } finally {
      await later.stop();
      await earlier.stop();
      await rm(raceDir, { recursive: true, force: true });
    }
  });
});
