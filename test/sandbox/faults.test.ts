import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { msalClient, routedFetch, tokenFor } from './helpers.js';

let sandbox: SandboxHandle;
let token: string;
const USERS = 'https://graph.microsoft.com/v1.0/users?$top=5';
beforeAll(async () => {
  sandbox = await startSandbox({ users: 12 });
  token = await tokenFor(sandbox, sandbox.source, 'https://graph.microsoft.com');
});
afterAll(async () => { await sandbox.close(); });

const getUsers = (sb: SandboxHandle = sandbox, t = token) => routedFetch(sb, USERS, { headers: { authorization: `Bearer ${t}` } });

describe('fault knobs', () => {
  it('throttles with Retry-After in seconds, in the service\'s error shape', async () => {
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 2, retryAfterForm: 'seconds' });
    const res = await getUsers();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as any).error.code).toBe('TooManyRequests');
    const sp = await routedFetch(sandbox, 'https://contoso.sharepoint.com/_api/web', { headers: { accept: 'application/json' } });
    expect(sp.status).toBe(429);
    expect(((await sp.json()) as any)['odata.error'].code).toMatch(/Throttled/);
  });

  it('throttles with Retry-After as an HTTP date, and alternates both forms', async () => {
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 3, retryAfterForm: 'date' });
    const before = Date.now();
    const dated = (await getUsers()).headers.get('retry-after')!;
    expect(dated).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(dated) - before).toBeGreaterThanOrEqual(2000);
    expect(Date.parse(dated) - before).toBeLessThanOrEqual(5000);
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 1, retryAfterForm: 'both' });
    const forms = [];
    for (let i = 0; i < 4; i++) forms.push(/^\d+$/.test((await getUsers()).headers.get('retry-after')!) ? 'seconds' : 'date');
    expect(new Set(forms)).toEqual(new Set(['seconds', 'date']));
    expect(forms[0]).not.toBe(forms[1]);
  });

  it('answers 503 with Retry-After', async () => {
    sandbox.setFaults({ unavailableRate: 1, retryAfterSeconds: 1 });
    const res = await getUsers();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as any).error.code).toBe('serviceNotAvailable');
  });

  it('refuses one call at most faultsPerCallAtMost times, then answers it; another call is refused afresh', async () => {
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 0, faultsPerCallAtMost: 2 });
    expect([(await getUsers()).status, (await getUsers()).status, (await getUsers()).status]).toEqual([429, 429, 200]);
    const other = () => routedFetch(sandbox, 'https://graph.microsoft.com/v1.0/users?$top=2', { headers: { authorization: `Bearer ${token}` } });
    expect([(await other()).status, (await other()).status, (await other()).status]).toEqual([429, 429, 200]);
    // Setting the faults again starts the count again.
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 0, faultsPerCallAtMost: 1 });
    expect([(await getUsers()).status, (await getUsers()).status]).toEqual([429, 200]);
  });

  it('resets the connection without an answer', async () => {
    sandbox.setFaults({ resetRate: 1 });
    const before = sandbox.stats().resets;
    await expect(getUsers()).rejects.toThrow();
    expect(sandbox.stats().resets).toBe(before + 1);
  });

  it('adds latency to every answer', async () => {
    sandbox.setFaults({ latencyMs: 150 });
    const started = Date.now();
    expect((await getUsers()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('leaves the login host alone unless it is listed', async () => {
    sandbox.setFaults({ throttleRate: 1 });
    const fresh = await msalClient(sandbox, sandbox.target).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(fresh?.accessToken).toEqual(expect.any(String));
    sandbox.setFaults({ throttleRate: 1, hosts: ['login.microsoftonline.com'] });
    const err = await msalClient(sandbox, sandbox.source).acquireTokenByClientCredential({ scopes: ['https://contoso-my.sharepoint.com/.default'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429 });
    expect((await getUsers()).status).toBe(200);
    sandbox.setFaults({});
  });

  it('counts requests, throttles and outages', () => {
    const stats = sandbox.stats();
    expect(stats.throttled).toBeGreaterThanOrEqual(8);
    expect(stats.unavailable).toBe(1);
    expect(stats.byHost['graph.microsoft.com']).toBeGreaterThanOrEqual(10);
    expect(stats.requests).toBe(Object.values(stats.byHost).reduce((a, b) => a + b, 0));
  });

  it('repeats the same fault sequence for the same seed', async () => {
    const run = async (seed: number) => {
      const sb = await startSandbox({ users: 12, seed, faults: { throttleRate: 0.3, unavailableRate: 0.2 } });
      try {
        const t = await tokenFor(sb, sb.source, 'https://graph.microsoft.com');
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await getUsers(sb, t)).status);
        return statuses;
      } finally {
        await sb.close();
      }
    };
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set([200, 429, 503]));
  });
});
