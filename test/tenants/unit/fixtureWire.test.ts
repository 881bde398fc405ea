// The whole client (msal, PnPjs pipeline, CSOM, Graph) against a transport that answers from the wire
// fixtures: checks the mapping of recorded shapes end to end, with a fake clock for the digest lifetime.
import { beforeAll, describe, expect, it } from '@jest/globals';
import selfsigned from 'selfsigned';
import { TenantError } from '../../../services/errors.js';
import { createTenantClient, type TenantClient, type Transport } from '../../../services/tenants/index.js';
import type { ListProgress } from '../../../services/tenants/types.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { wireJson, wireText } from '../helpers/fixtures.js';
import { RecordingLogger } from '../helpers/recordingLogger.js';

type Answer = (body: string) => string;
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Answers token, contextinfo, ProcessQuery (by method name in the body) and Graph from fixtures; records every request. */
function fixtureTransport(csom: Record<string, Answer>): Transport & { requests: Array<{ url: URL; body: string }> } {
  const requests: Array<{ url: URL; body: string }> = [];
  const transport = async (url: URL, init: RequestInit) => {
    const body = typeof init.body === 'string' ? init.body : '';
    requests.push({ url, body });
    if (url.pathname.endsWith('/oauth2/v2.0/token')) {
      return new Response(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'fixture-access-token' }), { headers: JSON_HEADERS });
    }
    if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
      const authority = `${url.origin}${url.pathname.split('/v2.0/')[0]}`;
      return new Response(JSON.stringify({
        issuer: `${authority}/v2.0`, authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${authority}/oauth2/v2.0/token`, jwks_uri: `${url.origin}/discovery/v2.0/keys`,
      }), { headers: JSON_HEADERS });
    }
    if (url.pathname === '/_api/contextinfo') return new Response(wireText('contextinfo.json'), { headers: JSON_HEADERS });
    if (url.pathname === '/_vti_bin/client.svc/ProcessQuery') {
      const method = Object.keys(csom).find(name => body.includes(`Name="${name}"`));
      return new Response(method ? csom[method](body) : '[]', { headers: JSON_HEADERS });
    }
    if (url.pathname.includes('getBySourceUserPrincipalName')) return new Response(wireText('graph-move-state.json'), { headers: JSON_HEADERS });
    if (url.pathname === '/v1.0/users/ana@woodgrove.com') return new Response(wireText('graph-user.json'), { headers: JSON_HEADERS });
    return new Response(JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: 'not found' } }), { status: 404, headers: JSON_HEADERS });
  };
  return Object.assign(transport, { requests });
}

let pems: { private: string; cert: string };
beforeAll(async () => { pems = await selfsigned.generate([{ name: 'commonName', value: 'fixture app' }], { keySize: 2048, algorithm: 'sha256' }); });

function client(transport: Transport, clock = new FakeClock(), authorityHost = 'https://login.microsoftonline.com'): TenantClient {
  return createTenantClient({
    side: 'source', tenantId: '3f1c2b4a-0000-4000-8000-00000000d001', clientId: '9a8b7c6d-0000-4000-8000-00000000c001',
    adminUrl: 'https://northwind-admin.sharepoint.com', certificate: { privateKeyPem: pems.private, certificatePem: pems.cert },
    authorityHost, graphUrl: 'https://graph.microsoft.com',
  }, { transport, logger: new RecordingLogger(), clock });
}

const pages: Answer = body => wireText(body.includes('<Property Name="StartIndex" Type="String">0</Property>') ? 'csom-sites-page-first.json' : 'csom-sites-page-last.json');

describe('tenant client on recorded shapes', () => {
  it('pages with the token until null and keeps only redirect templates', async () => {
    const transport = fixtureTransport({ GetSitePropertiesFromSharePointByFilters: pages });
    const progress: ListProgress[] = [];
    const sites = await client(transport).listRedirectSites({ onProgress: p => progress.push(p) });
    expect(sites.map(s => [s.title, s.template])).toEqual([['Ana Ortiz', 'RedirectSite#0'], ['Bo Lin', 'REDIRECTSITE#0'], ["Dee O'Hara", 'RedirectSite#1']]);
    expect(sites[0].lastContentModified).toBe('2025-01-31T23:05:09.120Z');
    expect(progress).toEqual([{ pages: 1, sitesSeen: 4, redirectsKept: 2 }, { pages: 2, sitesSeen: 6, redirectsKept: 3 }]);
    const second = transport.requests.filter(r => r.url.pathname.endsWith('ProcessQuery'))[1].body;
    const token = (wireJson<unknown[]>('csom-sites-page-first.json')[6] as { NextStartIndexFromSharePoint: string }).NextStartIndexFromSharePoint;
    expect(second).toContain(`<Property Name="StartIndex" Type="String">${token}</Property>`);
  });

  it('stops a server that hands out the same page token forever', async () => {
    const transport = fixtureTransport({ GetSitePropertiesFromSharePointByFilters: () => wireText('csom-sites-page-first.json') });
    const err = await client(transport).listRedirectSites().catch(e => e);
    expect(err).toBeInstanceOf(TenantError);
    expect(err.serviceCode).toBe('PagingNeverEnds');
    expect(transport.requests.filter(r => r.url.pathname.endsWith('ProcessQuery'))).toHaveLength(2);
  });

  it('reads the host URL from a reply whose ids do not match, and adds the trailing slash', async () => {
    const transport = fixtureTransport({ GetMySiteHostUrl: () => wireText('csom-hosturl-id-mismatch.json') });
    expect(await client(transport).getHostUrl()).toBe('https://northwind-my.sharepoint.com/');
  });

  it('maps the verification integer from the raw recorded body and shows the relation text as is', async () => {
    const transport = fixtureTransport({
      VerifySPOTenantOrgRelation: () => wireJson<{ Response: string }>('csom-verify-trust.raw-body.json').Response,
      GetSPOTenantOrgRelationByScenario: () => wireText('csom-relation-text.json'),
    });
    const trust = await client(transport).getTrust('Target', 'https://woodgrove-my.sharepoint.com');
    expect(trust).toEqual({
      side: 'source', partnerRole: 'Target', partnerHostUrl: 'https://woodgrove-my.sharepoint.com/', verification: 'GoodToProceed',
      relationText: 'Scenario: MnA; PartnerRole: Target; PartnerCrossTenantHostUrl: https://woodgrove-my.sharepoint.com/; Status: Active',
    });
  });

  it('surfaces the MnA code of an ErrorInfo reply from the verification', async () => {
    const transport = fixtureTransport({ VerifySPOTenantOrgRelation: () => wireText('csom-error-mna-dormant.json') });
    const err = await client(transport).getTrust('Target', 'https://woodgrove-my.sharepoint.com/').catch(e => e);
    expect(err.serviceCode).toBe('MnATrustDormant');
  });

  it('reuses the form digest until shortly before its timeout, then asks again', async () => {
    const clock = new FakeClock();
    const transport = fixtureTransport({ GetMySiteHostUrl: () => wireText('csom-hosturl-id-mismatch.json') });
    const c = client(transport, clock);
    await c.getHostUrl();
    await c.getHostUrl();
    clock.advance(1_000_000);
    await c.getHostUrl();
    expect(transport.requests.filter(r => r.url.pathname === '/_api/contextinfo')).toHaveLength(1);
    clock.advance(800_000); // past 1800 s minus the margin
    await c.getHostUrl();
    expect(transport.requests.filter(r => r.url.pathname === '/_api/contextinfo')).toHaveLength(2);
  });

  it('maps a move state and a user from Graph', async () => {
    const c = client(fixtureTransport({}));
    expect(await c.getMoveState("dee.o'hara@northwind.com")).toEqual({
      sourceUpn: "dee.o'hara@northwind.com", status: 'inProgress', id: '5b0c9e1a-7d2f-4a63-b8e4-0f1d2c3b4a59',
      startedDateTime: '2025-11-03T07:15:00Z', lastUpdatedDateTime: '2025-11-03T07:45:12Z', finishedDateTime: undefined, error: undefined,
    });
    expect(await c.getUser('ana@woodgrove.com')).toEqual({
      id: '8f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f', userPrincipalName: 'ana@woodgrove.com', displayName: 'Ana Ortiz', mail: 'ana@woodgrove.com', preferredLanguage: undefined,
    });
  });

  it('lists a non-Microsoft authority host as known, so msal skips instance discovery and signs in there', async () => {
    const transport = fixtureTransport({ GetMySiteHostUrl: () => wireText('csom-hosturl-id-mismatch.json') });
    await client(transport, new FakeClock(), 'https://login.northwind.test').getHostUrl();
    const auth = transport.requests.filter(r => !r.url.host.endsWith('sharepoint.com')).map(r => `${r.url.host}${r.url.pathname}`);
    expect(auth).toEqual([
      'login.northwind.test/3f1c2b4a-0000-4000-8000-00000000d001/v2.0/.well-known/openid-configuration',
      'login.northwind.test/3f1c2b4a-0000-4000-8000-00000000d001/oauth2/v2.0/token',
    ]);
  });

  it('sends the same certificate assertion form msal documents: client_assertion with the jwt-bearer type', async () => {
    const transport = fixtureTransport({ GetMySiteHostUrl: () => wireText('csom-hosturl-id-mismatch.json') });
    await client(transport).getHostUrl();
    const form = new URLSearchParams(transport.requests.find(r => r.url.pathname.endsWith('/token'))!.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('https://northwind-admin.sharepoint.com/.default');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const header = JSON.parse(Buffer.from(form.get('client_assertion')!.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'PS256', typ: 'JWT' });
    expect(header['x5t#S256']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(header.x5c).toHaveLength(1);
  });
});
