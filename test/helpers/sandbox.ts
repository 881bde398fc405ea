// The simulated tenants and real tenant clients over loopback HTTP, started once per suite.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantClients } from '../../bot/tenantSetup.js';
import type { Logger } from '../../services/ports.js';
import { startSandbox } from '../../services/sandbox/index.js';
import type { SandboxHandle, SandboxOptions } from '../../services/sandbox/types.js';
import { createTenantClient, createTransport, type RetryPolicy } from '../../services/tenants/index.js';
import type { TenantSide } from '../../services/tenants/types.js';

export interface SandboxTenants {
  sandbox: SandboxHandle;
  tenants: TenantClients;
  /** A temporary directory for the suite (store, identity map); removed by close(). */
  dir: string;
  identityMapPath: string;
  close(): Promise<void>;
}

export async function startSandboxTenants(logger: Logger, options: SandboxOptions = {}, retry?: Partial<RetryPolicy>): Promise<SandboxTenants> {
  const sandbox = await startSandbox({ port: 0, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'pmb-test-'));
  const identityMapPath = join(dir, 'identity-map.csv');
  await writeFile(identityMapPath, sandbox.identityMapCsv(), 'utf8');
  const transport = createTransport({ sandboxUrl: sandbox.url });
  const client = (side: TenantSide) => {
    const t = sandbox[side];
    return createTenantClient({
      side, tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl,
      certificate: { privateKeyPem: t.privateKeyPem, certificatePem: t.certificatePem },
      authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com',
    }, { transport, logger, retry });
  };
  return {
    sandbox,
    tenants: { source: client('source'), target: client('target') },
    dir,
    identityMapPath,
    close: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
