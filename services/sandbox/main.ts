// `npm run sandbox`: the simulated tenant pair as a standalone process, knobs from the environment.
import { startSandbox } from './index.js';
import { sandboxOptionsFromEnv } from './envOptions.js';

async function main(): Promise<void> {
  const { options, problems } = sandboxOptionsFromEnv(process.env);
  const port = Number(process.env.SANDBOX_PORT?.trim() || 5980);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`SANDBOX_PORT: must be a port number, got '${process.env.SANDBOX_PORT}'`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const sandbox = await startSandbox({ ...options, port });
  // Identifiers only: private keys and tokens are never printed.
  const lines = [
    `Sandbox listening on ${sandbox.url}`,
    `Hosts served (send the real host in Host or x-original-host):`,
    ...sandbox.hosts.map((h) => `  ${h}`),
    ...[sandbox.source, sandbox.target].map((t) => `${t.name}: tenant id ${t.tenantId}, client id ${t.clientId}, admin ${t.adminUrl}`),
    `Source licences end ${sandbox.licenceExpiry}.`,
    `Bot instances join it with SANDBOX_URL=${sandbox.url}`,
    `Its Key Vault holds the apps' certificates (${sandbox.keyVault.certificateNames.source}, ${sandbox.keyVault.certificateNames.target}): add KEY_VAULT_URL=${sandbox.keyVault.url} to read them from there.`,
    ...(options.faults?.budget ? [`SharePoint budget: ${options.faults.budget.unitsPerWindow} resource units per minute per app per tenant, 2 per call.`] : []),
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
