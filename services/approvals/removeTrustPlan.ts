// remove trust [source|target|both]: preflight reads, then a concrete ordered plan. Each side names its
// PARTNER's role: the source removes partner role Target with the target's host URL, the target removes
// partner role Source with the source's host URL (the Step 7 page says Target twice; that is a slip).
import type { IdentityMap } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { NO_SITES } from '../knowledge/ledgerDocument.js';
import { moveKeyText, siteMoveKey } from '../knowledge/moveKeys.js';
import { getHostUrls } from '../insights/hostUrls.js';
import { licenceView } from '../insights/licence.js';
import type { MoveStatesOf } from '../knowledge/knowledge.js';
import type { TenantPair } from '../insights/tenantPair.js';
import { tenantName } from '../insights/tenantPair.js';
import type { PartnerRole, TenantSide } from '../tenants/types.js';
import { isFinishedMove, moveStateWords } from '../knowledge/moveStates.js';
import { buildPlan, PlanBlockedError } from './plan.js';
import type { Finding, Person, Plan, PlanItem } from './types.js';

export interface RemoveTrustInput {
  tenants: TenantPair;
  identityMap: IdentityMap;
  /** Sites and group sites moved: their moves must be finished too. */
  siteMap?: SiteMap;
  /** Move states as last known (the ledger); the plan's first step reads every one again before trust goes. */
  moveStates: MoveStatesOf;
  side?: TenantSide | 'both';
  requestedBy: Person;
  now: Date;
  /** SOURCE_LICENSE_EXPIRY, yyyy-mm-dd. */
  licenceExpiry?: string;
  expiryMs?: number;
}


/** Throws PlanBlockedError (listing the users) while any move is unfinished or unreadable. */
export async function planRemoveTrust(input: RemoveTrustInput): Promise<Plan> {
  const side = input.side ?? 'both';
  const sides: TenantSide[] = side === 'both' ? ['source', 'target'] : [side];
  const [hosts, moves] = await Promise.all([getHostUrls(input.tenants), unfinishedMoves(input)]);
  if (moves.blockers.length) throw new PlanBlockedError(moves.blockers);
  const partner = (s: TenantSide): { partnerRole: PartnerRole; partnerHostUrl: string } => s === 'source'
    ? { partnerRole: 'Target', partnerHostUrl: hosts.target.hostUrl }
    : { partnerRole: 'Source', partnerHostUrl: hosts.source.hostUrl };
  const name = (s: TenantSide) => `${tenantName(input.tenants[s].adminUrl)} (${s})`;
  const items: PlanItem[] = [
    { key: 'record-move-states', label: `Record the final move state of ${recordedText(input)}`, step: { type: 'record-move-states' } },
    ...sides.map((s): PlanItem => ({ key: `remove-trust:${s}`, label: `Remove trust on ${name(s)}: partner role ${partner(s).partnerRole}, ${partner(s).partnerHostUrl}`, step: { type: 'remove-trust', side: s, ...partner(s) } })),
    ...sides.map((s): PlanItem => ({ key: `verify-trust-removed:${s}`, label: `Verify trust is gone on ${name(s)}`, step: { type: 'verify-trust-removed', side: s, ...partner(s) } })),
  ];
  const where = sides.length === 2 ? 'both tenants' : name(sides[0]!);
  return buildPlan({
    kind: 'remove-trust', title: `Remove cross-tenant trust on ${where}`,
    summary: `Record every user's move state, then remove the trust on ${where} and verify it is gone.`,
    requestedBy: input.requestedBy, items,
    findings: [...licenceFindings(input.licenceExpiry, input.now, sides), {
      level: 'info', text: 'Every move was finished as the move states were last read ("as of"); the first step reads each one again and keeps the trust if any is not.',
    }],
    options: { side }, ordered: true, asOf: moves.readAt,
  }, input.now, input.expiryMs);
}

function recordedText(input: RemoveTrustInput): string {
  const sites = input.siteMap?.entries.length ?? 0;
  return `${input.identityMap.users.length} user(s)${sites ? ` and ${sites} site(s) and group site(s)` : ''}`;
}

/** Every mapped user's and site's move must be final: removing trust under a running or waiting move breaks it. */
async function unfinishedMoves(input: RemoveTrustInput): Promise<{ blockers: Finding[]; readAt?: string }> {
  const keys = [...input.identityMap.users.map((u) => u.sourceUpn), ...(input.siteMap ?? NO_SITES).entries.map(siteMoveKey)];
  const states = await input.moveStates('source', keys);
  const unfinished: string[] = [];
  const unreadable: string[] = [];
  for (const key of keys) {
    const o = states.get(key);
    if (!o?.ok) unreadable.push(moveKeyText(key));
    else if (!isFinishedMove(o.value)) unfinished.push(`${moveKeyText(key)} (${moveStateWords(o.value)})`);
  }
  const findings: Finding[] = [];
  if (unfinished.length) findings.push({ level: 'blocker', text: `Trust can't be removed while ${unfinished.length} move(s) are not finished (ask again once they have; "export moves" lists every one)`, subjects: unfinished });
  if (unreadable.length) findings.push({ level: 'blocker', text: `The move state of ${unreadable.length} user(s) or site(s) could not be read; try again`, subjects: unreadable });
  return { blockers: findings, readAt: states.oldestReadAt };
}

function licenceFindings(expiry: string | undefined, now: Date, sides: TenantSide[]): Finding[] {
  if (!expiry) return [{ level: 'info', text: 'SOURCE_LICENSE_EXPIRY is not set: the deadline for removing trust on the source is unknown.' }];
  const view = licenceView(expiry, now);
  if (view.daysLeft <= 0) {
    const text = `The source licences ended on ${expiry}: the source side may no longer be able to remove its trust.`;
    return [{ level: 'warning', text }];
  }
  const text = `The source licences end on ${expiry}.`;
  const later = sides.includes('source') ? '' : ' Remove the source side before then too.';
  return [{ level: view.urgent ? 'warning' : 'info', text: text + later, deadline: expiry }];
}
