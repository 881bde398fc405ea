// Bench: list ~20,000 redirect sites from the simulated source tenant with a fixed latency on every
// SharePoint answer, and compare the wall time with the sum of the page latencies (the floor, since
// pages are fetched one after another: each page's token names the next). Ratio near 1 = the client
// adds little of its own.
import { startSandbox } from '../../services/sandbox/index.js';
import { createTenantClient, createTransport } from '../../services/tenants/index.js';
import type { SandboxHandle } from '../../services/sandbox/types.js';
import { silentLogger } from './silentLogger.js';

export interface ListingFigures {
  sites: number;
  pages: number;
  latencyMs: number;
  elapsedMs: number;
  sumOfPageLatenciesMs: number;
  ratio: number;
}

function client(sandbox: SandboxHandle) {
  const c = sandbox.source;
  return createTenantClient(
    { side: 'source', tenantId: c.tenantId, clientId: c.clientId, adminUrl: c.adminUrl,
      certificate: { privateKeyPem: c.privateKeyPem, certificatePem: c.certificatePem },
      authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com' },
    { transport: createTransport({ sandboxUrl: sandbox.url }), logger: silentLogger },
  );
}

export async function benchListing(target = 20_000, latencyMs = 20, pageSize = 100): Promise<ListingFigures> {
  // First a default scenario, to learn how many redirects it has, so the second holds `target` in all.
  const probe = await startSandbox({ pageSize });
  const base = (await client(probe).listRedirectSites()).length;
  await probe.close();

  const sandbox = await startSandbox({ pageSize, extraRedirectSites: Math.max(0, target - base) });
  try {
    const tenant = client(sandbox);
    await tenant.getHostUrl(); // token and digest outside the measured run
    sandbox.setFaults({ latencyMs, hosts: [new URL(sandbox.source.adminUrl).host] });
    let pages = 0;
    const started = performance.now();
    const sites = await tenant.listRedirectSites({ onProgress: (p) => { pages = p.pages; } });
    const elapsedMs = performance.now() - started;
    const sumOfPageLatenciesMs = pages * latencyMs;
    return { sites: sites.length, pages, latencyMs, elapsedMs, sumOfPageLatenciesMs, ratio: elapsedMs / sumOfPageLatenciesMs };
  } finally {
    await sandbox.close();
  }
}
