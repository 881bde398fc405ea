// What the bot knows of the tenants, composed once: the move ledger and the redirect snapshots in the store,
// read through the tenant clients, with the move states a trust removal recorded behind the source's reads
// (Graph answers 422 for them once trust is gone). Every room reads move states and listings through it.
import { MoveRecordStore } from '../services/approvals/moveRecordStore.js';
import type { IdentityMapFile } from '../services/identityMap/identityMap.js';
import type { SiteMapFile } from '../services/identityMap/siteMap.js';
import { leaseOwnerName } from '../services/core/jobLease.js';
import { Knowledge } from '../services/knowledge/knowledge.js';
import type { Clock, KeyValueStore, Logger } from '../services/ports.js';
import type { TenantClients } from './tenantSetup.js';

/** Background re-reads and waits (defaults in services/knowledge/knowledge.ts); `start: false` keeps them off. */
export interface KnowledgeOptions {
  moveRefreshMs?: number; redirectRefreshMs?: number; maxReadsInFlight?: number; waitMs?: number; pollMs?: number; start?: boolean;
}

export interface KnowledgeSetupDeps {
  store: KeyValueStore;
  tenants: TenantClients;
  identityMap: IdentityMapFile;
  siteMap?: SiteMapFile;
  clock: Clock;
  logger: Logger;
  /** INSTANCE_HOST: the host this instance names on its read leases. */
  instanceHost?: string;
  options?: KnowledgeOptions;
}

export function createKnowledge(d: KnowledgeSetupDeps): { knowledge: Knowledge; recordedMoves: MoveRecordStore } {
  const recordedMoves = new MoveRecordStore(d.store);
  const { start: _start, ...options } = d.options ?? {};
  const knowledge = new Knowledge({
    store: d.store, tenants: d.tenants, recorded: recordedMoves, identityMap: () => d.identityMap.load(),
    siteMap: d.siteMap && (() => d.siteMap!.load()),
    clock: d.clock, logger: d.logger, owner: leaseOwnerName(d.instanceHost), ...options,
  });
  return { knowledge, recordedMoves };
}
