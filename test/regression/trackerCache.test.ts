// The tracker's cache answers the redirect planner synchronously ("is this person being moved back?"). A
// load() whose store read left before one of the tracker's own writes landed must not roll the cache back to
// what it read: "Check access" advances the person, then plans removing their redirect at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { systemClock, type KeyValueStore } from '../../services/ports.js';
import { RegressionTracker } from '../../services/regression/tracker.js';
import type { TrackedUser } from '../../services/regression/types.js';
import { FileStore } from '../../services/store/fileStore.js';
import { memoryLogger } from '../helpers/logs.js';

const dir = mkdtempSync(join(tmpdir(), 'tracker-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file store, with one read held until released: a read on its way while a write lands. */
function withHeldRead(store: KeyValueStore): { store: KeyValueStore; hold(): void; release(): void; held: Promise<void> } {
  let holding = false;
  let release = () => undefined as void;
  let reached = () => undefined as void;
  const held = new Promise<void>((r) => { reached = r; });
  const wrapped: KeyValueStore = {
    read: async (keys) => {
      const result = await store.read(keys);
      if (holding) {
        holding = false;
        reached();
        await new Promise<void>((r) => { release = r; });
      }
      return result;
    },
    write: (changes) => store.write(changes),
    delete: (keys) => store.delete(keys),
  };
  return { store: wrapped, hold: () => { holding = true; }, release: () => release(), held };
}

const person = { id: 'admin-1', name: 'Avery Admin' };
const moving: TrackedUser = {
  currentUpn: 'megan@fabrikam.com', originalUpn: 'megan@contoso.com', currentSide: 'target', originalSide: 'source',
  originalUrl: 'https://contoso-my.sharepoint.com/personal/megan_contoso_com',
  leftBehindUrl: 'https://fabrikam-my.sharepoint.com/personal/megan_fabrikam_com',
  state: 'completed', planId: 'p-7k3m9q2x', requestedBy: person,
  requestedIn: { conversationId: 'c-1', serviceUrl: 'https://smba.example/', tenantId: 't-1' } as TrackedUser['requestedIn'],
  cards: [], history: [{ state: 'completed', at: '2026-12-07T10:00:00Z' }], updatedAt: '2026-12-07T10:00:00Z',
};

describe('move-back tracker cache', () => {
  it('keeps what it wrote when a read that left earlier comes back later', async () => {
    const held = withHeldRead(new FileStore(dir));
    const tracker = new RegressionTracker(held.store, systemClock, memoryLogger().logger);
    await tracker.claim(moving, async () => true);
    expect(tracker.holdsRedirectsOf('megan@contoso.com')).toBe(true);

    held.hold();
    const loading = tracker.load();
    await held.held;
    await tracker.advance('megan@contoso.com', 'access-confirmed');
    expect(tracker.holdsRedirectsOf('megan@contoso.com')).toBe(false);
    held.release();
    await loading;
    // The read brought "completed" back; the advance that landed meanwhile is newer.
    expect(tracker.find('megan@contoso.com')?.state).toBe('access-confirmed');
    expect(tracker.holdsRedirectsOf('megan@contoso.com')).toBe(false);
    // A read with no write beside it still brings what the store holds.
    await tracker.load();
    expect(tracker.find('megan@contoso.com')?.state).toBe('access-confirmed');
  });
});
