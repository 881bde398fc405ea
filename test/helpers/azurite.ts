// Azurite (Microsoft's Azure Storage emulator, from npm) on loopback, in memory, one per suite: the blob
// store and audit log are tested against the real Blob service protocol, not a fake.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { projectRoot } from '../../bot/projectRoot.js';
import type { SandboxManagedIdentityEndpoint } from '../../services/sandbox/types.js';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  port: number;
  /** With `oauth`: the account's blob endpoint (https), as AZURE_STORAGE_ACCOUNT_URL names it. */
  accountUrl?: string;
  /** With `oauth`: the PEM file of Azurite's self-signed certificate, for a client to trust (NODE_EXTRA_CA_CERTS). */
  caPath?: string;
  /** With `oauth`: one request on the account (path after the account name), trusting the certificate, with an optional bearer token. */
  request(method: string, path: string, token?: string): Promise<{ status: number; code?: string; body: string }>;
  close(): Promise<void>;
}

/** A Blob Storage token (or one for `resource`) from the sandbox's managed-identity endpoint, as App Service's answers a web app. */
export async function identityToken(identity: SandboxManagedIdentityEndpoint, resource = 'https://storage.azure.com'): Promise<string> {
  const res = await fetch(`${identity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}&client_id=${identity.clientId}`, { headers: { 'x-identity-header': identity.header } });
  if (!res.ok) throw new Error(`the identity endpoint answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * `oauth`: HTTPS with a self-signed certificate and `--oauth basic`, so Azurite takes Entra bearer tokens.
 * It then checks a token's issuer (an Entra STS), audience (Blob Storage) and lifetime, not its signature
 * nor any role (node_modules/azurite .../BlobTokenAuthenticator.js); the shared key keeps working.
 */
export async function startAzurite(options: { oauth?: boolean } = {}): Promise<Azurite> {
  const bin = join(projectRoot(), 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const tls = options.oauth ? await tlsFiles() : undefined;
  const args = [bin, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose'];
  if (tls) args.push('--oauth', 'basic', '--cert', tls.certPath, '--key', tls.keyPath);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${out.slice(-500)}`)), 20_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = /listens on https?:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Azurite exited (${code}): ${out.slice(-500)}`)); });
  });
  const scheme = tls ? 'https' : 'http';
  const accountUrl = `${scheme}://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const connectionString = `DefaultEndpointsProtocol=${scheme};AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${accountUrl};`;
  return {
    connectionString, port,
    ...(tls ? { accountUrl, caPath: tls.certPath } : {}),
    request: (method, path, token) => new Promise((resolve, reject) => {
      if (!tls) return reject(new Error('request() is for Azurite started with oauth'));
      const headers = { 'x-ms-version': '2025-01-05', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      https.request(`${accountUrl}/${path}`, { method, ca: tls.cert, headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString('utf8'); });
        res.on('end', () => resolve({ status: res.statusCode!, code: res.headers['x-ms-error-code'] as string | undefined, body }));
      }).on('error', reject).end();
    }),
    close: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      if (tls) await rm(tls.dir, { recursive: true, force: true });
    },
  };
}

async function tlsFiles(): Promise<{ dir: string; certPath: string; keyPath: string; cert: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const dir = await mkdtemp(join(tmpdir(), 'azurite-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await writeFile(certPath, pems.cert);
  await writeFile(keyPath, pems.private);
  return { dir, certPath, keyPath, cert: pems.cert };
}
