// A whole bot process (startBot, its HTTP server, its job runner, the product's signal handling) on the
// simulated tenants the test runs, reached over loopback HTTP: the SIGTERM test starts two of these on one
// shared store and stops one mid-job. Usage: node --import tsx test/faults/botChild.ts <config.json>
import { readFile } from 'node:fs/promises';
import { startBot, stopOnSignals } from '../../bot/index.js';
import { SITE_MAP_COLUMNS } from '../../services/identityMap/siteMap.js';
import type { SandboxHandle, SandboxTenantCredentials } from '../../services/sandbox/index.js';

export interface BotChildConfig {
  env: Record<string, string>;
  sandbox: { url: string; source: SandboxTenantCredentials; target: SandboxTenantCredentials; licenceExpiry: string; connectorServiceUrl: string; hosts: string[] };
  leaseMs: number;
  scanMs: number;
}

const config = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as BotChildConfig;
// The test's simulated tenants, as the bot sees tenants it did not start: their address and app
// credentials. IDENTITY_MAP_PATH is set, so their identity map is never asked for here.
const remote = {
  ...config.sandbox, port: Number(new URL(config.sandbox.url).port),
  identityMapCsv: () => { throw new Error('IDENTITY_MAP_PATH is set for this child'); },
  // The test's tenants move no sites: a site map of the header alone.
  siteMapCsv: () => `${SITE_MAP_COLUMNS.join(',')}\n`,
  inbox: () => [], close: async () => undefined,
} as unknown as SandboxHandle;
const bot = await startBot({ ANSWER_WITHIN_MS: '10000', ...config.env, PORT: '0' }, { sandbox: remote, leaseMs: config.leaseMs, scanMs: config.scanMs, editIntervalMs: 200 });
stopOnSignals(bot);
process.stdout.write(`${JSON.stringify({ ready: bot.url, pid: process.pid })}\n`);
