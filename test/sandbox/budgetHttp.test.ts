import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { csomClient, msalClient, routedFetch, tenantMethodXml, tokenFor } from './helpers.js';

// 200 units per 2 s at 2 units a call: 100 SharePoint calls per app per tenant per window.
const BUDGET = { unitsPerWindow: 200, windowMs: 2000 };

let sandbox: SandboxHandle;
let contosoToken: string;
let fabrikamToken: string;
let graphToken: string;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 12 });
  [contosoToken, fabrikamToken, graphToken] = await Promise.all([
    tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl), tokenFor(sandbox, sandbox.target, sandbox.target.adminUrl),
    tokenFor(sandbox, sandbox.source, 'https://graph.microsoft.com'),
  ]);
});
afterAll(async () => { await sandbox.close(); });

const web = (host: string, token: string) => routedFetch(sandbox, `https://${host}/_api/web?$select=Title`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' } });
const headersOf = (res: Response) => ({
  limit: res.headers.get('ratelimit-limit'), remaining: res.headers.get('ratelimit-remaining'),
  reset: res.headers.get('ratelimit-reset'), retryAfter: res.headers.get('retry-after'),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Removing the budget and setting it again starts an empty window, so a test starts from no usage. */
function freshWindow(): void {
  sandbox.setFaults({});
  sandbox.setFaults({ budget: BUDGET });
}

describe('SharePoint resource-unit budget over HTTP', () => {
  it('answers exactly the calls past the budget with 429, Retry-After and RateLimit headers past 80%', async () => {
    freshWindow();
    const answers = await Promise.all(Array.from({ length: 110 }, () => web('contoso.sharepoint.com', contosoToken)));
    const ok = answers.filter((r) => r.status === 200);
    const throttled = answers.filter((r) => r.status === 429);
    expect(ok).toHaveLength(100);
    expect(throttled).toHaveLength(10);
    // Admitted calls 80..100 carry the headers (usage 160..200 units); the first 79 carry none.
    const warned = ok.filter((r) => r.headers.get('ratelimit-limit') !== null);
    expect(warned).toHaveLength(21);
    expect(warned.map((r) => Number(r.headers.get('ratelimit-remaining'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => 2 * i));
    for (const r of warned) expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    for (const r of throttled) {
      const h = headersOf(r);
      expect(h.retryAfter).toMatch(/^[12]$/);
      expect(h).toEqual({ limit: '200', remaining: '0', reset: h.retryAfter, retryAfter: h.retryAfter });
      expect(((await r.json()) as any)['odata.error'].code).toMatch(/SPRequestThrottledException/);
    }
    expect(sandbox.stats().budget).toMatchObject({ admitted: 100, throttled: 10, units: 220 });
  });

  it('shares one budget across the tenant\'s hosts (admin, my, root); the other tenant\'s app has its own', async () => {
    expect((await web('contoso-my.sharepoint.com', contosoToken)).status).toBe(429);
    const csom = await routedFetch(sandbox, `${sandbox.source.adminUrl}/_vti_bin/client.svc/ProcessQuery`, {
      method: 'POST', body: tenantMethodXml('GetMySiteHostUrl', ''), headers: { authorization: `Bearer ${contosoToken}` },
    });
    expect(csom.status).toBe(429);
    const other = await web('fabrikam.sharepoint.com', fabrikamToken);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-limit')).toBeNull();
  });

  it('leaves login and Graph alone while SharePoint throttles', async () => {
    const token = await msalClient(sandbox, sandbox.source).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(token?.accessToken).toEqual(expect.any(String));
    const users = await routedFetch(sandbox, 'https://graph.microsoft.com/v1.0/users?$top=5', { headers: { authorization: `Bearer ${graphToken}` } });
    expect(users.status).toBe(200);
    expect(users.headers.get('ratelimit-limit')).toBeNull();
    expect((await web('contoso.sharepoint.com', contosoToken)).status).toBe(429);
  });

  it('admits again once Retry-After has passed', async () => {
    const throttled = await web('contoso.sharepoint.com', contosoToken);
    expect(throttled.status).toBe(429);
    const wait = Math.max(Number(throttled.headers.get('retry-after')), Number(throttled.headers.get('ratelimit-reset')));
    await sleep(wait * 1000);
    const again = await web('contoso.sharepoint.com', contosoToken);
    expect(again.status).toBe(200);
  });

  it('counts a fresh window from the first call: 100 calls in sequence pass, the 101st is throttled', async () => {
    freshWindow();
    const csom = await csomClient(sandbox, sandbox.source); // token (not counted) + contextinfo (2 units)
    const statuses: number[] = [];
    for (let i = 0; i < 99; i++) statuses.push((await web('contoso.sharepoint.com', contosoToken)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await web('contoso.sharepoint.com', contosoToken)).status).toBe(429);
    expect((await csom(tenantMethodXml('GetMySiteHostUrl', ''))).status).toBe(429);
  });

  it('does not charge calls refused for their token, and stops when the budget is removed', async () => {
    freshWindow();
    for (let i = 0; i < 120; i++) expect((await web('contoso.sharepoint.com', 'not-a-token')).status).toBe(401);
    expect((await web('contoso.sharepoint.com', contosoToken)).headers.get('ratelimit-limit')).toBeNull();
    sandbox.setFaults({});
    const answers = await Promise.all(Array.from({ length: 120 }, () => web('contoso.sharepoint.com', contosoToken)));
    expect(answers.every((r) => r.status === 200 && r.headers.get('ratelimit-limit') === null)).toBe(true);
  });
});
