// Test-side plumbing for moving users back (fabrikam → contoso) over the wire: Graph calls with a tenant's
// token, the documented create body, CSOM site removal, site REST reads, and waiting on a task's status.
import { expect } from '@jest/globals';
import type { SandboxHandle, SandboxScenarioUser, SandboxTenantCredentials } from '../../services/sandbox/index.js';
import { csomClient, routedFetch, stringParam, tenantMethodXml, tenantObjectMethodXml, enumParam, tokenFor, valueFor, errorInfo, type CsomClient } from './helpers.js';

export const TASKS = 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';
export const CONTOSO_HOST = 'https://contoso-my.sharepoint.com';
export const FABRIKAM_HOST = 'https://fabrikam-my.sharepoint.com';

export interface Reply { status: number; body: any }

export interface ReverseKit {
  contoso: CsomClient;
  fabrikam: CsomClient;
  /** Graph as the given tenant's app (fabrikam by default: a move back runs there). */
  graph(method: 'GET' | 'POST', url: string, body?: unknown, as?: 'contoso' | 'fabrikam'): Promise<Reply>;
}

export async function reverseKit(sandbox: SandboxHandle): Promise<ReverseKit> {
  const token = (creds: SandboxTenantCredentials) => tokenFor(sandbox, creds, 'https://graph.microsoft.com');
  const [contoso, fabrikam, contosoGraph, fabrikamGraph] = await Promise.all([
    csomClient(sandbox, sandbox.source), csomClient(sandbox, sandbox.target), token(sandbox.source), token(sandbox.target)]);
  return {
    contoso, fabrikam,
    async graph(method, url, body, as = 'fabrikam') {
      const res = await routedFetch(sandbox, url, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${as === 'fabrikam' ? fabrikamGraph : contosoGraph}`, 'content-type': 'application/json' },
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    },
  };
}

/** Exactly the documented user-move body (graph-crossorg-task-create-user.request.json), key order included. */
export function moveBody(sourceUpn: string, targetUpn: string, targetHost: string, validateOnly = false): { parameters: Record<string, unknown> } {
  return {
    parameters: {
      '@odata.type': '#microsoft.graph.sharePointUserMigrationTaskParameters', targetOrganizationHost: targetHost,
      ...(validateOnly ? { validateOnly: true } : {}),
      sourceUserIdentity: { userPrincipalName: sourceUpn }, targetUserIdentity: { userPrincipalName: targetUpn },
    },
  };
}

/** The move back of one migrated user: their fabrikam account to their original contoso account. */
export const backBody = (u: SandboxScenarioUser, validateOnly = false) => moveBody(u.targetUpn, u.sourceUpn, CONTOSO_HOST, validateOnly);

/** Completed users whose contoso redirect is plain (not held, recycled or locked) and UPN without an apostrophe. */
export function plainCompleted(sandbox: SandboxHandle): SandboxScenarioUser[] {
  const s = sandbox.scenario!;
  const special = [s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])];
  return s.users.filter((u) => u.status === 'completed' && !u.sourceUpn.includes("'") && !special.includes(u.sourceSiteUrl));
}

export async function removeSite(client: CsomClient, url: string, purge: boolean): Promise<void> {
  const xml = (method: string) => tenantObjectMethodXml(method, stringParam(url), ['IsComplete', 'PollingInterval']);
  const removed = await client(xml('RemoveSite'));
  if (errorInfo(removed.body)) throw new Error(`RemoveSite ${url}: ${errorInfo(removed.body)?.ErrorMessage}`);
  if (purge) {
    const purged = await client(xml('RemoveDeletedSite'));
    if (errorInfo(purged.body)) throw new Error(`RemoveDeletedSite ${url}: ${errorInfo(purged.body)?.ErrorMessage}`);
  }
}

/** VerifySPOTenantOrgRelation(MnA, role, host) → the status integer (4 GoodToProceed, 1 NotEstablishedByPartner, 0 NotEstablished). */
/**
 * Verify in both host forms, as a client must: the tenants compare the form exactly, and the reverse
 * relations are written without the trailing slash. The first answer other than NotEstablished (0) wins.
 */
export async function verify(client: CsomClient, role: 'Source' | 'Target', host: string): Promise<unknown> {
  let answer: unknown;
  for (const form of [`${host}/`, host]) {
    const xml = tenantMethodXml('VerifySPOTenantOrgRelation', enumParam(1) + enumParam(role === 'Source' ? 1 : 2) + stringParam(form));
    answer = valueFor((await client(xml)).body, 3);
    if (answer !== 0) return answer;
  }
  return answer;
}

/** Site REST `_api/web` WebTemplate and HTTP status at a URL (404 when no site answers there). */
export async function webTemplate(sandbox: SandboxHandle, siteUrl: string): Promise<{ status: number; template?: string }> {
  const token = await tokenFor(sandbox, siteUrl.includes('contoso') ? sandbox.source : sandbox.target, siteUrl.includes('contoso') ? sandbox.source.adminUrl : sandbox.target.adminUrl);
  const res = await routedFetch(sandbox, `${siteUrl}/_api/web?$select=WebTemplate`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' } });
  return { status: res.status, template: res.ok ? ((await res.json()) as { WebTemplate: string }).WebTemplate : undefined };
}

/** Polls GET task/{id} until its status is not notStarted/inProgress; returns every status seen and the last answer. */
export async function waitForEnd(kit: ReverseKit, id: string, as: 'contoso' | 'fabrikam' = 'fabrikam', limitMs = 5_000): Promise<{ seen: string[]; last: Reply }> {
  const seen: string[] = [];
  const until = Date.now() + limitMs;
  for (;;) {
    const last = await kit.graph('GET', `${TASKS}/${id}`, undefined, as);
    if (seen.at(-1) !== last.body.status) seen.push(last.body.status);
    if (!['notStarted', 'inProgress'].includes(last.body.status) || Date.now() > until) return { seen, last };
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The move went notStarted → inProgress → `final`. Judged by the move's own record (started before it
 * finished) and by the order of what the polls saw, never by which states they happened to catch: a poll
 * delayed on a busy machine may skip a state without the move having skipped it.
 */
export function expectWentThrough({ seen, last }: { seen: string[]; last: Reply }, final: string): void {
  const path = ['notStarted', 'inProgress', final];
  expect(seen.at(-1)).toBe(final);
  expect(seen).toEqual(path.filter((s) => seen.includes(s)));
  expect(Date.parse(last.body.startedDateTime)).toBeLessThan(Date.parse(last.body.finishedDateTime));
}

export const fabrikamSiteOf = (u: SandboxScenarioUser) => u.targetSiteUrl;
export const contosoSiteOf = (u: SandboxScenarioUser) => u.sourceSiteUrl;
