// `npm run sandbox`: the simulated tenant pair as a standalone process, knobs from the environment.
import { startSandbox } from './index.js';
import type { SandboxFaults } from './types.js';

function numberFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'.`);
  return value;
}

function faultsFromEnv(): SandboxFaults {
  return {
    latencyMs: numberFrom('SANDBOX_LATENCY_MS'),
    throttleRate: numberFrom('SANDBOX_THROTTLE_RATE'),
    unavailableRate: numberFrom('SANDBOX_UNAVAILABLE_RATE'),
    resetRate: numberFrom('SANDBOX_RESET_RATE'),
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    port: numberFrom('SANDBOX_PORT') ?? 5980,
    users: numberFrom('SANDBOX_USERS'),
    extraRedirectSites: numberFrom('SANDBOX_EXTRA_REDIRECTS'),
    faults: faultsFromEnv(),
  });
  // Identifiers only: private keys and tokens are never printed.
  const lines = [
    `Sandbox listening on ${sandbox.url}`,
    `Hosts served (send the real host in Host or x-original-host):`,
    ...sandbox.hosts.map((h) => `  ${h}`),
    ...[sandbox.source, sandbox.target].map((t) => `${t.name}: tenant id ${t.tenantId}, client id ${t.clientId}, admin ${t.adminUrl}`),
    `Source licences end ${sandbox.licenceExpiry}.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => { sandbox.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Sandbox failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
