// The relation read (GetSPOTenantOrgRelationByScenario / ByPartner) when SharePoint refuses it (403) or is
// unavailable (503): nothing is known, so it must never read as "no relation". The trust guard and the
// read-back after a removal would otherwise say the trust is gone while it may still be in place. A fault
// proxy in front of the simulated tenants spoils only the relation reads; every other call goes through.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import type { RetryPolicy, TenantClient } from '../../services/tenants/index.js';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy.js';
import { clientFor, errorOf } from './helpers/sandboxClient.js';

/** A 503 is retried by the pipeline; a few quick tries keep the test short. */
const RETRY: Partial<RetryPolicy> = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 5_000 };

let sandbox: SandboxHandle;
let proxy: FaultProxy;
let client: TenantClient;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 8 });
  proxy = await startFaultProxy({ target: sandbox.url, applies: (_req, body) => body.includes('GetSPOTenantOrgRelation') });
  client = clientFor(sandbox, 'source', { url: proxy.url, retry: RETRY }).client;
});
afterEach(() => proxy.up());
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const partner = () => sandbox.target.myHostUrl;
/** The guard's check and the trust read, each of which reads the relation. */
const reads = () => [() => client.checkRelation('Target', partner()), () => client.getTrust('Target', partner())];

describe('relation read refused or unavailable', () => {
  it('reads the relation the scenario set up when SharePoint answers', async () => {
    expect(await client.checkRelation('Target', partner())).toMatchObject({ state: 'present' });
    expect((await client.getTrust('Target', partner())).relationText).not.toBeNull();
  });

  it('forbidden (HTTP 403): the check fails with SharePoint\'s refusal instead of answering "absent"', async () => {
    proxy.down('forbidden');
    for (const read of reads()) {
      const err = await errorOf<TenantError>(read());
      expect(err).toBeInstanceOf(TenantError);
      expect(err.httpStatus).toBe(403);
    }
  });

  it('unavailable (HTTP 503 on every try): the check fails as busy instead of answering "absent"', async () => {
    proxy.down('unavailable');
    const before = proxy.counts.unavailable;
    // The trust read shows the relation text: unknown is an error there too, never "no relation text".
    for (const read of reads()) {
      expect(await errorOf<DomainError>(read())).toMatchObject({ code: 'throttled' });
    }
    expect(proxy.counts.unavailable - before).toBeGreaterThanOrEqual(2);
  });
});
