// `npm run doctor` with the shared store reached by AZURE_STORAGE_ACCOUNT_URL (no key), as a process of its
// own: it trusts Azurite's self-signed HTTPS certificate (NODE_EXTRA_CA_CERTS, read only at a process's
// start) and its Azure credential reads IDENTITY_ENDPOINT from its own environment. Azurite runs with
// --oauth basic, so the container is only reached with an Entra token for Blob Storage.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../bot/projectRoot.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { checkStorage } from '../../services/setupCheck/storageCheck.js';
import type { SetupCheckDeps, StorageProbe } from '../../services/setupCheck/types.js';
import { identityToken, startAzurite, type Azurite } from '../helpers/azurite.js';
import { tsxArgs } from '../helpers/botProcess.js';

const CONTAINER = 'keyless-checked';
let azurite: Azurite;
let sandbox: SandboxHandle;
beforeAll(async () => {
  [azurite, sandbox] = await Promise.all([startAzurite({ oauth: true }), startSandbox({})]);
  // The container the deployment made (the template creates it), so the check has one to find.
  expect((await azurite.request('PUT', `${CONTAINER}?restype=container`, await identityToken(sandbox.managedIdentity))).status).toBe(201);
}, 30_000);
afterAll(async () => { await Promise.all([azurite?.close(), sandbox?.close()]); });

/** Runs the doctor in a fresh working directory (no .env) with these settings: its exit code and output. */
async function doctor(settings: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const cwd = await mkdtemp(join(tmpdir(), 'pmb-doctor-'));
  const env = {
    PATH: process.env.PATH ?? '', HOME: cwd, TSX_TSCONFIG_PATH: join(projectRoot(), 'tsconfig.json'), LOG_LEVEL: 'silent',
    STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: azurite.accountUrl!, AZURE_STORAGE_CONTAINER: CONTAINER, NODE_EXTRA_CA_CERTS: azurite.caPath!,
    ...settings,
  };
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, tsxArgs('bot/doctor.ts'), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString('utf8'); });
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, out }));
    });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

const storageLines = (out: string) => out.split('\n').filter((l, i, all) => /Storage: Azure Blob container/.test(l) || (/^ {6}fix:/.test(l) && /Storage: Azure Blob/.test(all[i - 1] ?? ''))).join('\n');

describe('the setup check of a store reached with the managed identity', () => {
  it('on the simulated tenants, reaches the container as their managed identity, with no key and no identity set up by hand', async () => {
    const { code, out } = await doctor({});
    expect(storageLines(out)).toMatch(new RegExp(`^OK {4}Storage: Azure Blob container ${CONTAINER}: reachable as the managed identity with client id [0-9a-f-]{36} \\(no key\\)$`));
    expect(code).toBe(0);
    expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  }, 60_000);

  it('with an AZURE_CLIENT_ID that names no identity of the app, fails and says to set it to the identity\'s client id', async () => {
    const mi = sandbox.managedIdentity;
    const wrong = '77777777-7777-4777-8777-777777777777';
    const { code, out } = await doctor({ IDENTITY_ENDPOINT: mi.endpoint, IDENTITY_HEADER: mi.header, AZURE_CLIENT_ID: wrong });
    const lines = storageLines(out);
    expect(lines).toMatch(new RegExp(`^FAIL {2}Storage: Azure Blob container ${CONTAINER}: cannot be read as the managed identity with client id ${wrong} \\(no key\\)`));
    expect(lines).toMatch(/fix: .*set AZURE_CLIENT_ID to its client id/);
    expect(code).toBe(1);
    expect(out).not.toContain(mi.header);
  }, 60_000);
});

// Azurite checks a token's issuer, audience and lifetime but no role and no network rule, so these answers of
// Azure Storage are handed to the item as the probe would report them (code as in x-ms-error-code).
describe('the storage item, for refusals Azurite never gives', () => {
  const identity = 'the managed identity with client id 11111111-1111-4111-8111-111111111111';
  const itemFor = (probe: StorageProbe) => checkStorage({ mode: 'live', settingsProblems: [], settingsWarnings: [], storage: { kind: 'azure-blob', container: CONTAINER, identity } },
    { probeStorage: async () => probe } as Partial<SetupCheckDeps> as SetupCheckDeps);

  it('an identity without a data role on the account: grant it Storage Blob Data Contributor', async () => {
    const item = await itemFor({ state: 'error', status: 403, code: 'AuthorizationPermissionMismatch', reason: 'AuthorizationPermissionMismatch, HTTP 403' });
    expect(item).toMatchObject({ ok: false, detail: `cannot be read as ${identity} (no key) (AuthorizationPermissionMismatch, HTTP 403)` });
    expect(item!.fix).toMatch(new RegExp(`^Grant ${identity} the role Storage Blob Data Contributor on the storage account`));
  });

  it('a machine the account turns away: its network rules first, then the role', async () => {
    const item = await itemFor({ state: 'error', status: 403, code: 'AuthorizationFailure', reason: 'AuthorizationFailure, HTTP 403' });
    expect(item!.fix).toMatch(/^The storage account refused this machine: check its network rules .*; if they do, grant the managed identity/);
  });
});
