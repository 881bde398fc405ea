// Runs a parsed ProcessQuery request against one tenant: resolves object paths once each, runs the
// actions in order, and stops at the first failure (reported as ErrorInfo, like SharePoint does).
import { CsomError, CsomObject, csomErrors, selectForQuery } from './answer.js';
import type { ActionDef, CsomRequest, ObjectPathDef } from './parse.js';
import type { CsomContext } from './siteProperties.js';
import { OBJECT_METHODS, logRefusedSiteChanges, setSiteProperty } from './siteUpdate.js';
import { TENANT_METHODS, resolveIdentity, tenantObject } from './tenantMethods.js';
import { checkCrossTenantFeature } from './featureGate.js';

export const TENANT_TYPE_ID = '{268004ae-ef6b-4e9b-8425-127220d84719}';
const TENANT_TYPE = 'Microsoft.Online.SharePoint.TenantAdministration.Tenant';

/** Marker for "the tenant object": its properties are built only if a Query asks for them. */
const TENANT = Symbol('tenant');
type PathValue = typeof TENANT | CsomObject | string | number | boolean | null;

export interface CsomOutcome { pairs: [string, unknown][]; error: CsomError | null }

class Evaluation {
  private readonly values = new Map<string, PathValue>();
  constructor(private readonly ctx: CsomContext, private readonly paths: Map<string, ObjectPathDef>) {}

  path(id: string): PathValue {
    if (this.values.has(id)) return this.values.get(id) as PathValue;
    const def = this.paths.get(id);
    if (!def) throw csomErrors.invalidQuery(`The object path with id '${id}' is not defined in the request.`);
    const value = this.resolve(def);
    this.values.set(id, value);
    return value;
  }

  private resolve(def: ObjectPathDef): PathValue {
    switch (def.kind) {
      case 'Constructor':
        if (def.typeId !== TENANT_TYPE_ID) throw csomErrors.invalidQuery(`Cannot find stub for type with id "${def.typeId}". The specified server library may be unavailable.`);
        return TENANT;
      case 'Method': return this.call(this.path(def.parentId), def.name, def.params) as PathValue;
      case 'Identity': return resolveIdentity(this.ctx, def.name);
      default: throw csomErrors.invalidQuery(`The object path '${def.kind === 'Property' ? def.name : def.tag}' is not supported by this server.`);
    }
  }

  call(target: PathValue, name: string, params: Parameters<(typeof TENANT_METHODS)[string]>[1]): unknown {
    if (target === TENANT && TENANT_METHODS[name]) {
      checkCrossTenantFeature(this.ctx, name);
      return TENANT_METHODS[name](this.ctx, params);
    }
    const obj = target !== TENANT && target && typeof target === 'object' ? target : null;
    const method = obj ? OBJECT_METHODS[obj._ObjectType_]?.[name] : undefined;
    if (obj && method) return method(this.ctx, obj, params);
    const typeName = target === TENANT ? TENANT_TYPE : obj?._ObjectType_ ?? 'object';
    // Message INFERRED; the type name is CSOM's own.
    throw csomErrors.invalidQuery(`The method '${name}' does not exist on type '${typeName}'.`);
  }

  action(a: ActionDef): [string, unknown] | null {
    switch (a.kind) {
      case 'ObjectPath': return [a.id, { IsNull: this.path(a.pathId) === null }];
      case 'Query': {
        const value = this.path(a.pathId);
        const obj = value === TENANT ? tenantObject(this.ctx) : value;
        if (!obj || typeof obj !== 'object') throw csomErrors.invalidQuery('Only objects can be queried.');
        return [a.id, selectForQuery(obj, a.query, a.childItems)];
      }
      case 'Method': {
        const result = this.call(this.path(a.pathId), a.name, a.params);
        return result === undefined ? null : [a.id, result];
      }
      case 'SetProperty': {
        const target = this.path(a.pathId);
        // Message INFERRED: only SiteProperties objects take property changes here.
        if (target === TENANT || !target || typeof target !== 'object') throw csomErrors.invalidQuery(`The property '${a.name}' cannot be set on this object.`);
        setSiteProperty(target, a.name, a.value);
        return null;
      }
      default: throw csomErrors.invalidQuery(`The action '${a.tag}' is not supported by this server.`);
    }
  }
}

export function executeProcessQuery(ctx: CsomContext, request: CsomRequest): CsomOutcome {
  const evaluation = new Evaluation(ctx, request.paths);
  const pairs: [string, unknown][] = [];
  const logStart = ctx.world.changes.length;
  try {
    for (const a of request.actions) {
      const pair = evaluation.action(a);
      if (pair) pairs.push(pair);
    }
    return { pairs, error: null };
  } catch (e) {
    if (!(e instanceof CsomError)) throw e;
    logRefusedSiteChanges(ctx, request, e, logStart);
    return { pairs, error: e };
  }
}
