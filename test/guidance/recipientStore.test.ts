// The recipient record's claim rules on a file store and a hand-moved clock: one claim at a time, a
// finished person is never claimed again, and a stale claim is re-checked by its phase (preparing →
// claimed again; posting → failed 'interrupted', never re-sent).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecipientStore, recipientKey } from '../../services/guidance/recipientStore.js';
import { FileStore } from '../../services/store/fileStore.js';
import { ManualClock } from '../helpers/clock.js';

let dir: string;
let n = 0;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'pmb-recipients-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
const fresh = () => new RecipientStore(new FileStore(join(dir, String(n++))), 60_000);

describe('RecipientStore', () => {
  it('keys by campaign and lower-case UPN, and claims once', async () => {
    expect(recipientKey('c1', 'Ana@Fabrikam.com')).toBe('guidance/c1/ana@fabrikam.com');
    const store = fresh();
    const clock = new ManualClock();
    const first = await store.claim('c1', 'Ana@Fabrikam.com', clock.now());
    expect(first.claimed).toBe(true);
    const second = await store.claim('c1', 'ana@fabrikam.com', clock.now());
    expect(second).toMatchObject({ claimed: false, why: 'in-progress' });
  });

  it('lets only one of many simultaneous claims win', async () => {
    const store = fresh();
    const now = new ManualClock().now();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.claim('c1', 'bo@fabrikam.com', now)));
    expect(results.filter(r => r.claimed)).toHaveLength(1);
  });

  it('never claims a sent person again, and records acknowledgements', async () => {
    const store = fresh();
    const clock = new ManualClock();
    const claim = await store.claim('c1', 'cy@fabrikam.com', clock.now());
    if (!claim.claimed) throw new Error('expected a claim');
    await store.update(claim.handle, { state: 'sent', claimToken: undefined }, clock.now());
    clock.advance(3_600_000);
    expect(await store.claim('c1', 'cy@fabrikam.com', clock.now())).toMatchObject({ claimed: false, why: 'finished' });
    expect(await store.acknowledge('c1', 'cy@fabrikam.com', 'help', clock.now())).toMatchObject({ state: 'help' });
    // Someone who got their guidance by writing to the bot has no record yet: Done still counts.
    expect(await store.acknowledge('c1', 'nobody@fabrikam.com', 'done', clock.now())).toMatchObject({ state: 'done', attempts: 0 });
  });

  it('claims a stale preparing claim again, with one more attempt', async () => {
    const store = fresh();
    const clock = new ManualClock();
    await store.claim('c1', 'di@fabrikam.com', clock.now());
    clock.advance(60_000);
    const again = await store.claim('c1', 'di@fabrikam.com', clock.now());
    expect(again).toMatchObject({ claimed: true, handle: { record: { attempts: 2, phase: 'preparing' } } });
  });

  it('turns a stale posting claim into failed interrupted and never re-sends it', async () => {
    const store = fresh();
    const clock = new ManualClock();
    const claim = await store.claim('c1', 'ed@fabrikam.com', clock.now());
    if (!claim.claimed) throw new Error('expected a claim');
    await store.update(claim.handle, { phase: 'posting', conversationId: 'a:1x' }, clock.now());
    clock.advance(60_000);
    expect(await store.claim('c1', 'ed@fabrikam.com', clock.now())).toMatchObject({ claimed: false, why: 'interrupted' });
    expect(await store.claim('c1', 'ed@fabrikam.com', clock.now())).toMatchObject({ claimed: false, why: 'finished', record: { state: 'failed', reason: 'interrupted' } });
  });

  it('refuses an update once another worker took the claim over', async () => {
    const store = fresh();
    const clock = new ManualClock();
    const mine = await store.claim('c1', 'fa@fabrikam.com', clock.now());
    if (!mine.claimed) throw new Error('expected a claim');
    clock.advance(60_000);
    await store.claim('c1', 'fa@fabrikam.com', clock.now());
    await expect(store.update(mine.handle, { phase: 'posting' }, clock.now())).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('RecipientStore claims made by a job run', () => {
  it('takes over a claim left by an earlier run of the same job at once, but not one of another job', async () => {
    const store = fresh();
    const clock = new ManualClock();
    const first = await store.claim('c1', 'fe@fabrikam.com', clock.now(), { job: 'p-1', run: 'r1' });
    expect(first.claimed).toBe(true);
    // Another plan naming the same person waits for the lease, like any live worker's claim.
    expect(await store.claim('c1', 'fe@fabrikam.com', clock.now(), { job: 'p-2', run: 'r9' })).toMatchObject({ claimed: false, why: 'in-progress' });
    // The same plan resumed after a restart (a new run): the earlier run is gone, its claim is stale.
    const resumed = await store.claim('c1', 'fe@fabrikam.com', clock.now(), { job: 'p-1', run: 'r2' });
    expect(resumed).toMatchObject({ claimed: true });
    if (resumed.claimed) expect(resumed.handle.record).toMatchObject({ attempts: 2, claimJob: 'p-1', claimRun: 'r2', phase: 'preparing' });
  });

  it('closes an earlier run\'s claim that reached posting as interrupted, never re-sending it', async () => {
    const store = fresh();
    const clock = new ManualClock();
    const first = await store.claim('c1', 'gu@fabrikam.com', clock.now(), { job: 'p-1', run: 'r1' });
    if (!first.claimed) throw new Error('expected a claim');
    await store.update(first.handle, { phase: 'posting' }, clock.now());
    expect(await store.claim('c1', 'gu@fabrikam.com', clock.now(), { job: 'p-1', run: 'r2' })).toMatchObject({ claimed: false, why: 'interrupted' });
  });
});
