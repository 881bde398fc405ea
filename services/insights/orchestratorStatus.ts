// `status`'s part about Microsoft's migration orchestrator, when it is where people's moves are read: its
// jobs and their states, the people its tasks name that the identity map lacks, and its clean-up steps with
// what the bot does about each. The clean-up list is X-TC's (third party, docs/moves.md "Scope and
// clean-up"); its last two items are inferred there (inferred 13).
import type { OrchestratorJobSummary, OrchestratorMoves } from '../knowledge/orchestratorMoves.js';

export interface CleanupStep {
  step: string;
  /** The bot's command for it, or null when an admin does it outside the bot. */
  botCommand: string | null;
  /** What an admin runs where the bot cannot (the PowerShell module or portal named). */
  adminCommand?: string;
}

export const ORCHESTRATOR_CLEANUP: readonly CleanupStep[] = [
  { step: 'Remove the SharePoint cross-tenant trust on both tenants', botCommand: 'remove trust' },
  { step: 'Remove the redirect sites the OneDrive moves left', botCommand: 'remove redirects' },
  { step: 'Remove the identity mapping data', botCommand: null, adminCommand: 'Remove-CtimData (CrossTenantIdentityMapping module)' },
  { step: 'Remove the organization relationships', botCommand: null, adminCommand: 'Remove-OrganizationRelationship -Identity <name> (Exchange Online PowerShell), on each tenant' },
  { step: 'Remove the migration endpoints', botCommand: null, adminCommand: 'Remove-MigrationEndpoint -Identity <name> (Exchange Online PowerShell)' },
  { step: 'Remove the migration apps and service principals', botCommand: null, adminCommand: 'Remove-CtimServicePrincipal (CrossTenantIdentityMapping module), or Entra admin center → Enterprise applications → Delete' },
];

export interface OrchestratorStatus {
  jobs: OrchestratorJobSummary[];
  /** Target users in the jobs the identity map lacks (UPN, or object id when the target has no such user). */
  unmapped: string[];
  /** ISO instant the jobs were read. */
  readAt: string;
  cleanup: readonly CleanupStep[];
}

/** The orchestrator's part, or null when moves come from the identity map (nothing to show). */
export async function orchestratorStatus(orchestrator: Pick<OrchestratorMoves, 'source' | 'snapshot'>): Promise<OrchestratorStatus | null> {
  if ((await orchestrator.source()) !== 'orchestrator') return null;
  const { jobs, unmapped, readAt } = await orchestrator.snapshot();
  return { jobs, unmapped, readAt, cleanup: ORCHESTRATOR_CLEANUP };
}
