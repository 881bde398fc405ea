// Live-mode configurations pointed at the simulated tenants (the check's own transport reaches them),
// a loopback stand-in for the Bot Framework token endpoint, and certificates made to order.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import type { SandboxHandle } from '../../services/sandbox/index.js';
import { createTransport, type Transport } from '../../services/tenants/index.js';
import type { CheckReport } from '../../services/setupCheck/types.js';
import { memoryLogger } from '../helpers/logs.js';

export const BOT_APP_ID = '3b0c1f2e-5a6d-4e7f-8a9b-0c1d2e3f4a5b';
export const BOT_PASSWORD = 'bot-secret-Zq8~do-not-print';
export const ADMIN = '11111111-2222-4333-8444-555555555555';

const DAY = 86_400_000;

export async function certificate(from: Date, to: Date, name = 'setup check test'): Promise<{ privateKeyPem: string; certificatePem: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: name }], { keySize: 2048, algorithm: 'sha256', notBeforeDate: from, notAfterDate: to });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

export const expiredCertificate = () => certificate(new Date(Date.now() - 400 * DAY), new Date(Date.now() - 2 * DAY), 'expired');
export const soonExpiringCertificate = () => certificate(new Date(Date.now() - 300 * DAY), new Date(Date.now() + 10 * DAY), 'expiring soon');

/** A directory of PEM files and the env of a live configuration naming the sandbox's tenants. */
export async function liveEnv(sandbox: SandboxHandle, pems: Partial<Record<'source' | 'target', { privateKeyPem: string; certificatePem: string }>> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pmb-setup-'));
  const file = async (side: 'source' | 'target') => {
    const p = pems[side] ?? sandbox[side];
    const path = join(dir, `${side}.pem`);
    await writeFile(path, `${p.privateKeyPem.trim()}\n${p.certificatePem.trim()}\n`, 'utf8');
    return path;
  };
  const env: Record<string, string> = {
    SOURCE_ADMIN_URL: sandbox.source.adminUrl, SOURCE_TENANT_ID: sandbox.source.tenantId, SOURCE_CLIENT_ID: sandbox.source.clientId, SOURCE_CERT_PATH: await file('source'),
    TARGET_ADMIN_URL: sandbox.target.adminUrl, TARGET_TENANT_ID: sandbox.target.tenantId, TARGET_CLIENT_ID: sandbox.target.clientId, TARGET_CERT_PATH: await file('target'),
    MicrosoftAppId: BOT_APP_ID, MicrosoftAppPassword: BOT_PASSWORD, MicrosoftAppType: 'MultiTenant',
    ADMIN_IDS: ADMIN, APPROVER_IDS: ADMIN, SOURCE_LICENSE_EXPIRY: sandbox.licenceExpiry, IDENTITY_MAP_PATH: join(dir, 'map.csv'),
    TEAMS_APP_ID: '9d3a2c1b-8e7f-4a6b-9c5d-4e3f2a1b0c9d', STORAGE: `file:${join(dir, 'data')}`,
  };
  return { env, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Entra's botframework.com token endpoint, as far as the check uses it: client id + secret → a token. */
export async function startBotTokenEndpoint(): Promise<{ transport: Transport; requests: number; close(): Promise<void> }> {
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      state.requests++;
      const form = new URLSearchParams(body);
      const answer = (status: number, json: object) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(json)); };
      if (req.method !== 'POST' || !/^\/botframework\.com\/oauth2\/v2\.0\/token/.test(req.url ?? '')) return answer(404, { error: 'invalid_request' });
      if (form.get('client_id') !== BOT_APP_ID) {
        return answer(400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory 'Bot Framework'.`, error_codes: [700016] });
      }
      if (form.get('client_secret') !== BOT_PASSWORD || form.get('scope') !== 'https://api.botframework.com/.default') {
        return answer(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
      }
      return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJib3QifQ.' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    transport: createTransport({ sandboxUrl: `http://127.0.0.1:${port}` }),
    get requests() { return state.requests; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The sandbox transport, except that the named hosts go to a closed port (as if unreachable). */
export async function transportWithUnreachable(sandbox: SandboxHandle, hosts: string[]): Promise<Transport> {
  const sandboxTransport = createTransport({ sandboxUrl: sandbox.url });
  const dead = createTransport({ sandboxUrl: `http://127.0.0.1:${await closedPort()}` });
  return (url, init) => (hosts.includes(url.host) ? dead(url, init) : sandboxTransport(url, init));
}

export function item(report: CheckReport, id: string) {
  const found = report.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in: ${report.items.map((i) => i.id).join(', ')}`);
  return found;
}

export const failed = (report: CheckReport) => report.items.filter((i) => i.ok === false).map((i) => i.id);

export const quietLogger = () => memoryLogger('debug');
