// notify site owners [all | <site url>]: which owners of which moved sites get told, as a concrete plan for
// approval. Only sites whose move completed are told (the new site exists and answers); their owners are
// read on the target now (the site's administrators, or the group's owners), so the approver sees exactly
// who will get a card. An owner already told about a site is counted, not told again; one not in the
// identity map is told all the same: they are a user of the target tenant.
import { InputError } from '../errors.js';
import { mapBounded } from '../core/mapBounded.js';
import { findSiteEntry, type SiteMap, type SiteMapEntry } from '../identityMap/siteMap.js';
import type { MoveStatesOf } from '../knowledge/knowledge.js';
import { siteMoveKey } from '../knowledge/moveKeys.js';
import { isCompletedMove, moveStateWords } from '../knowledge/moveStates.js';
import { buildPlan } from '../approvals/plan.js';
import type { Finding, Person, Plan, PlanItem } from '../approvals/types.js';
import type { SiteOwner, SiteOwnersOf } from '../tenants/types.js';
import { siteNoticeCampaign } from './siteNotice.js';
import { recipientKey, type RecipientRecord, type RecipientStore } from './recipientStore.js';

export type SiteOwnersScope = { kind: 'all' } | { kind: 'site'; site: string };

export interface SiteOwnersPlanInput {
  siteMap: SiteMap;
  moveStates: MoveStatesOf;
  /** The target tenant's read of a site's owners (getSiteOwners). */
  ownersOf: (site: SiteOwnersOf) => Promise<SiteOwner[]>;
  recipients: RecipientStore;
  requestedBy: Person;
  now: Date;
  scope: SiteOwnersScope;
  expiryMs?: number;
}

const TOLD: ReadonlySet<RecipientRecord['state']> = new Set(['sent', 'done', 'help', 'sending']);

/** Owner reads in flight at once: one per site, on the target tenant's shared pipeline. */
const OWNER_READS = 4;

export async function planNotifySiteOwners(input: SiteOwnersPlanInput): Promise<Plan> {
  const sites = chosen(input.siteMap, input.scope);
  const findings: Finding[] = [];
  const { completed, readAt } = await keepCompleted(sites, input, findings);
  const read = await mapBounded(completed, OWNER_READS, (e) => input.ownersOf({ kind: e.kind, siteUrl: e.targetSiteUrl, alias: e.targetAlias }));
  const ownerless: string[] = [];
  const unreadable: string[] = [];
  const candidates: { entry: SiteMapEntry; siteKey: string; upn: string }[] = [];
  for (const [i, entry] of completed.entries()) {
    const outcome = read[i]!;
    if (!outcome.ok) { unreadable.push(`${entry.targetSiteUrl} (${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)})`); continue; }
    const owners = unique(outcome.value);
    if (!owners.length) { ownerless.push(entry.targetSiteUrl); continue; }
    const siteKey = siteMoveKey(entry);
    for (const owner of owners) candidates.push({ entry, siteKey, upn: owner.upn });
  }
  // Every owner's record for every site in a few store reads, not one read per site.
  const records = await input.recipients.getPairs(candidates.map((c) => ({ campaignId: siteNoticeCampaign(c.siteKey), targetUpn: c.upn })));
  const items: PlanItem[] = [];
  let already = 0;
  for (const c of candidates) {
    const r = records.get(recipientKey(siteNoticeCampaign(c.siteKey), c.upn));
    // Told already, being told, or possibly told (a send cut off mid-way): never twice. Those who could
    // not be reached are planned again, as people are.
    if (r && (TOLD.has(r.state) || r.reason === 'interrupted')) { already++; continue; }
    items.push(item(c.entry, c.siteKey, c.upn));
  }
  if (already) findings.push({ level: 'info', text: `${already} owner notice(s) went out already and are left out.` });
  if (ownerless.length) findings.push({ level: 'warning', text: `${ownerless.length} moved site(s) have no owner on the target to tell.`, subjects: ownerless });
  if (unreadable.length) findings.push({ level: 'warning', text: `${unreadable.length} site(s) left out: their owners could not be read.`, subjects: unreadable });
  if (!items.length) throw new InputError(`No site owner to notify. ${findings.map((f) => f.text).join(' ')}`.trim());
  const siteCount = new Set(items.map((i) => (i.step.type === 'send-site-notice' ? i.step.siteKey : ''))).size;
  return buildPlan({
    kind: 'notify-site-owners', title: `Tell the owners of ${siteCount} moved site(s): ${items.length} notice(s)`,
    summary: `Send each owner, in Teams, one card per moved site they own: its new URL, that they sign in with their new identity, that old links redirect until the redirect site is removed, and that sensitivity labels removed before the move must be applied again by hand.`,
    requestedBy: input.requestedBy, items, findings,
    options: { scope: input.scope.kind === 'all' ? 'all' : input.scope.site }, ordered: false, asOf: readAt,
  }, input.now, input.expiryMs);
}

function item(entry: SiteMapEntry, siteKey: string, ownerUpn: string): PlanItem {
  return {
    key: `send-site-notice:${siteKey}:${ownerUpn.toLowerCase()}`, label: `${ownerUpn} (${entry.targetSiteUrl})`,
    step: { type: 'send-site-notice', targetUpn: ownerUpn, siteKey, kind: entry.kind, sourceSiteUrl: entry.sourceSiteUrl, targetSiteUrl: entry.targetSiteUrl },
  };
}

function unique(owners: SiteOwner[]): SiteOwner[] {
  const seen = new Map<string, SiteOwner>();
  for (const o of owners) if (!seen.has(o.upn.toLowerCase())) seen.set(o.upn.toLowerCase(), o);
  return [...seen.values()];
}

/** Every site of the map, or the one named (by either URL or alias); a site not in the map is a typo to fix. */
function chosen(map: SiteMap, scope: SiteOwnersScope): SiteMapEntry[] {
  if (scope.kind === 'all') return map.entries;
  const entry = findSiteEntry(map, scope.site);
  if (!entry) throw new InputError(`Not in the site map: ${scope.site}. Only moved sites' owners are told; check the URL or the site map.`);
  return [entry];
}

async function keepCompleted(sites: SiteMapEntry[], input: SiteOwnersPlanInput, findings: Finding[]): Promise<{ completed: SiteMapEntry[]; readAt?: string }> {
  if (!sites.length) throw new InputError('The site map is empty: no moved site to tell its owners about.');
  const states = await input.moveStates('source', sites.map(siteMoveKey));
  const notDone: string[] = [];
  const completed = sites.filter((e) => {
    const o = states.get(siteMoveKey(e));
    if (o?.ok && isCompletedMove(o.value)) return true;
    notDone.push(`${e.sourceSiteUrl} (${o?.ok ? moveStateWords(o.value) : 'move state unreadable'})`);
    return false;
  });
  if (notDone.length) findings.push({ level: 'warning', text: `${notDone.length} site(s) left out: their move has not completed.`, subjects: notDone });
  return { completed, readAt: states.oldestReadAt };
}
