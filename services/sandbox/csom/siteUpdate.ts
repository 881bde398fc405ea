// Site changes the way Set-SPOSite sends them over CSOM: SetProperty actions on a SiteProperties object
// path (from GetSitePropertiesByUrl or an Identity), then that object's Update() method, which answers a
// SpoOperation ("SetSite") to poll. Changes are held on the object until Update applies them.
import { LOCK_STATES, LockState, lockStateOf, recordChange, siteKey } from '../model.js';
import { CsomError, CsomObject, csomErrors } from './answer.js';
import { startOperation } from './operations.js';
import type { CsomRequest, CsomValue, ObjectPathDef } from './parse.js';
import { CsomContext, SITE_PROPERTIES_TYPE, siteBehind } from './siteProperties.js';
import { logged } from './tenantMethods.js';

/** Properties the sandbox lets a client change, each with its check; the rest are refused (see setSiteProperty). */
const WRITABLE: Record<string, (value: CsomValue) => string> = {
  LockState: (value) => {
    const state = String(value ?? '');
    // Message INFERRED (PowerShell checks the enum before sending; the server's own text is not recorded).
    if (!(LOCK_STATES as readonly string[]).includes(state)) {
      throw csomErrors.argument(`The value '${state}' is not a valid LockState. Valid values are ${LOCK_STATES.join(', ')}.`);
    }
    return state;
  },
  Title: (value) => String(value ?? ''),
};

/** Changes set on each SiteProperties object and not yet applied by Update. */
const pending = new WeakMap<CsomObject, Map<string, string>>();

/** A SetProperty action. The object shows the new value at once (as the CSOM client object does). */
export function setSiteProperty(obj: CsomObject, name: string, value: CsomValue): void {
  // Both refusal messages are INFERRED; the exception type is CSOM's own.
  if (!siteBehind.has(obj)) throw csomErrors.invalidQuery(`The property '${name}' of type '${obj._ObjectType_}' cannot be set.`);
  if (!(name in obj)) throw csomErrors.invalidQuery(`The property or field '${name}' does not exist on type '${obj._ObjectType_}'.`);
  const check = WRITABLE[name];
  if (!check) throw csomErrors.invalidQuery(`The property '${name}' of type '${obj._ObjectType_}' cannot be set on this server.`);
  const checked = check(value);
  obj[name] = checked;
  const changes = pending.get(obj) ?? new Map<string, string>();
  changes.set(name, checked);
  pending.set(obj, changes);
}

/**
 * SiteProperties.Update(): applies the pending changes and answers a SetSite operation. A lock change takes
 * effect when that operation completes (INFERRED: a client that does not wait may still find the site locked).
 */
function updateSite(ctx: CsomContext, obj: CsomObject): CsomObject {
  const site = siteBehind.get(obj);
  if (!site) throw csomErrors.invalidQuery(`The method 'Update' does not exist on type '${obj._ObjectType_}'.`);
  const changes = pending.get(obj) ?? new Map<string, string>();
  const detail = [...changes].map(([k, v]) => `${k}=${v}`).join(', ') || 'no changes';
  return logged(ctx.world, ctx.tenant, { method: 'SetSite', target: site.url, detail }, () => {
    const current = ctx.tenant.sites.get(siteKey(site.url));
    if (!current) throw csomErrors.noSite(site.url);
    const op = startOperation(ctx, 'SetSite', current.url);
    for (const [name, value] of changes) {
      if (name === 'LockState') {
        lockStateOf(current, ctx.world.now());
        current.pendingLock = { state: value as LockState, at: op.completeAt };
      } else if (name === 'Title') {
        current.title = value;
      }
    }
    pending.delete(obj);
    return op.object;
  });
}

/** Methods of objects other than the tenant, by object type. */
export const OBJECT_METHODS: Record<string, Record<string, (ctx: CsomContext, obj: CsomObject, params: CsomValue[]) => unknown>> = {
  [SITE_PROPERTIES_TYPE]: { Update: (ctx, obj) => updateSite(ctx, obj) },
};

/** The site URL a SiteProperties object path stands for, read from the request text alone. */
function siteUrlOf(paths: Map<string, ObjectPathDef>, pathId: string): string | null {
  const def = paths.get(pathId);
  if (def?.kind === 'Method' && def.name === 'GetSitePropertiesByUrl') return def.params[0] == null ? '' : String(def.params[0]);
  if (def?.kind === 'Identity') {
    const parts = def.name.split('\n');
    if (parts[1] === 'SiteProperties' && parts[2]) return decodeURIComponent(parts[2]);
  }
  return null;
}

/**
 * A request meant to change a site (SetProperty, or Update, on a SiteProperties path) that failed before
 * its Update ran, e.g. on a missing site or a bad LockState: logged as a refused SetSite.
 */
export function logRefusedSiteChanges(ctx: CsomContext, request: CsomRequest, error: CsomError, logStart: number): void {
  const targets = new Set<string>();
  for (const a of request.actions) {
    if (a.kind === 'SetProperty' || (a.kind === 'Method' && a.name === 'Update')) targets.add(a.pathId);
  }
  for (const def of request.paths.values()) if (def.kind === 'Method' && def.name === 'Update') targets.add(def.parentId);
  const already = ctx.world.changes.slice(logStart).filter((c) => c.method === 'SetSite').map((c) => siteKey(c.target));
  const urls = new Map<string, string>();
  for (const id of targets) {
    const url = siteUrlOf(request.paths, id);
    if (url !== null && !already.includes(siteKey(url))) urls.set(siteKey(url), url);
  }
  for (const url of urls.values()) recordChange(ctx.world, ctx.tenant, { method: 'SetSite', target: url, outcome: 'error', message: error.message });
}
