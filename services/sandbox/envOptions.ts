// The sandbox's knobs as environment variables, read in one place for `npm run sandbox` and for the
// in-process sandbox that `npm start` runs. Problems come back as text, one per key, for the caller's
// own report (the bot's configuration check lists them with its other problems).
import type { SandboxOptions } from './types.js';

/** The sandbox's own guess: Microsoft publishes no limit for the cross-organization migration endpoints. */
export const DEFAULT_GRAPH_BUDGET = 4_000;
export const GRAPH_BUDGET_WINDOW_MS = 10_000;

/** A rehearsal shows every kind of move; startSandbox alone has none (its tests and benchmarks count people). */
export const DEFAULT_SITES = 6;
export const DEFAULT_GROUP_SITES = 3;

export const SANDBOX_KNOBS = {
  SANDBOX_USERS: 'number of migrated users (default 250)',
  SANDBOX_EXTRA_REDIRECTS: 'extra redirect sites on the source',
  SANDBOX_SITES: `SharePoint sites moved from the source, in every state, with their redirects and site map rows (default ${DEFAULT_SITES})`,
  SANDBOX_GROUP_SITES: `Microsoft 365 group sites moved from the source, with their groups on both tenants (default ${DEFAULT_GROUP_SITES})`,
  SANDBOX_READONLY_REDIRECTS: '1 = every redirect on the source ReadOnly and removable as it is, none on hold (default 0)',
  SANDBOX_PENDING_OPERATION_EVERY: 'the 2nd, then every Nth site removal or purge per tenant stays pending; the rest complete at once (default 3, 0 = none pending)',
  SANDBOX_MIGRATION_SOURCE: "'orchestrator' also lists the moves as Microsoft's cross-tenant migration jobs on the target tenant (default 'identity-map')",
  SANDBOX_TRUST_ENUMS: "'swapped' decodes the Source and Target integers the other way round from the clients' guess (default 'inferred')",
  SANDBOX_LATENCY_MS: 'delay added to every answer, in ms',
  SANDBOX_CSOM_LATENCY_MS: "delay of SharePoint's answers (CSOM and REST), in ms, in place of SANDBOX_LATENCY_MS",
  SANDBOX_GRAPH_LATENCY_MS: "delay of Graph's answers, in ms, in place of SANDBOX_LATENCY_MS",
  SANDBOX_GRAPH_BUDGET: `Graph requests per 10 s per app per tenant on the migration endpoints (default ${DEFAULT_GRAPH_BUDGET}; 0 = no budget; the real figure is not published)`,
  SANDBOX_THROTTLE_RATE: 'fraction of requests answered 429 with Retry-After (0..1)',
  SANDBOX_UNAVAILABLE_RATE: 'fraction of requests answered 503 (0..1)',
  SANDBOX_RESET_RATE: 'fraction of connections reset (0..1)',
  SANDBOX_RU_PER_MINUTE: 'SharePoint resource units per minute per app per tenant, 2 per call (0 or unset = no budget)',
} as const;

type Knob = keyof typeof SANDBOX_KNOBS;
const RATES: readonly Knob[] = ['SANDBOX_THROTTLE_RATE', 'SANDBOX_UNAVAILABLE_RATE', 'SANDBOX_RESET_RATE'];

/** SharePoint states its app budgets per minute; 0 means no budget, like the rates' 0 means no faults. */
const perMinute = (units: number | undefined) => (units ? { unitsPerWindow: units, windowMs: 60_000 } : undefined);

const graphBudget = (requests: number | undefined) => {
  const perWindow = requests ?? DEFAULT_GRAPH_BUDGET;
  return perWindow > 0 ? { requestsPerWindow: perWindow, windowMs: GRAPH_BUDGET_WINDOW_MS } : undefined;
};

export function sandboxOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): { options: SandboxOptions; problems: string[] } {
  const problems: string[] = [];
  const read = (key: Knob): number | undefined => {
    const raw = env[key]?.trim();
    if (!raw) return undefined;
    const value = Number(raw);
    const max = RATES.includes(key) ? 1 : Number.MAX_SAFE_INTEGER;
    if (!Number.isFinite(value) || value < 0 || value > max) {
      problems.push(`${key}: must be a number from 0 to ${RATES.includes(key) ? '1' : 'any size'} (${SANDBOX_KNOBS[key]}), got '${raw}'`);
      return undefined;
    }
    return value;
  };
  const trustEnums = env.SANDBOX_TRUST_ENUMS?.trim();
  if (trustEnums && trustEnums !== 'inferred' && trustEnums !== 'swapped') {
    problems.push(`SANDBOX_TRUST_ENUMS: must be inferred or swapped (${SANDBOX_KNOBS.SANDBOX_TRUST_ENUMS}), got '${trustEnums}'`);
  }
  const migrationSource = env.SANDBOX_MIGRATION_SOURCE?.trim();
  if (migrationSource && migrationSource !== 'identity-map' && migrationSource !== 'orchestrator') {
    problems.push(`SANDBOX_MIGRATION_SOURCE: must be identity-map or orchestrator (${SANDBOX_KNOBS.SANDBOX_MIGRATION_SOURCE}), got '${migrationSource}'`);
  }
  const readOnly = read('SANDBOX_READONLY_REDIRECTS');
  const options: SandboxOptions = {
    readOnlyRedirects: readOnly === undefined ? undefined : readOnly > 0,
    pendingOperationEvery: read('SANDBOX_PENDING_OPERATION_EVERY'),
    trustEnums: trustEnums === 'inferred' || trustEnums === 'swapped' ? trustEnums : undefined,
    migrationSource: migrationSource === 'identity-map' || migrationSource === 'orchestrator' ? migrationSource : undefined,
    users: read('SANDBOX_USERS'),
    extraRedirectSites: read('SANDBOX_EXTRA_REDIRECTS'),
    sites: read('SANDBOX_SITES') ?? DEFAULT_SITES,
    groupSites: read('SANDBOX_GROUP_SITES') ?? DEFAULT_GROUP_SITES,
    faults: {
      latencyMs: read('SANDBOX_LATENCY_MS'),
      sharePointLatencyMs: read('SANDBOX_CSOM_LATENCY_MS'),
      graphLatencyMs: read('SANDBOX_GRAPH_LATENCY_MS'),
      graphMigrationBudget: graphBudget(read('SANDBOX_GRAPH_BUDGET')),
      throttleRate: read('SANDBOX_THROTTLE_RATE'),
      unavailableRate: read('SANDBOX_UNAVAILABLE_RATE'),
      resetRate: read('SANDBOX_RESET_RATE'),
      budget: perMinute(read('SANDBOX_RU_PER_MINUTE')),
    },
  };
  return { options, problems };
}
