// Site-level REST reads: `<site>/_api/web` and `<site>/_api/site` with $select, in the Accept's OData flavour.
import { Answer, SandboxRequest, json } from '../httpIo.js';
import { SiteRecord, TenantState, siteKey } from '../model.js';
import { ODataFlavour, fileNotFound, flavourOf, spError } from './spShapes.js';

type Props = Record<string, unknown>;

function webProps(site: SiteRecord): Props {
  const [template, configuration] = site.template.split('#');
  const path = new URL(site.url).pathname.replace(/\/$/, '') || '/';
  return {
    Id: site.id, Title: site.title, Url: site.url, ServerRelativeUrl: path, Description: '', Language: 1033,
    // WebTemplate keeps the template's spelling except its case is normalised the way SharePoint reports it.
    WebTemplate: /^redirectsite$/i.test(template) ? 'RedirectSite' : template.toUpperCase() === 'SPSPERS' ? 'SPSPERS' : template,
    Configuration: Number(configuration ?? 0), Created: site.created.toISOString(),
    LastItemModifiedDate: site.lastContentModified.toISOString(), WebTemplateConfiguration: `${template}#${configuration ?? 0}`,
  };
}

function siteProps(site: SiteRecord): Props {
  const path = new URL(site.url).pathname.replace(/\/$/, '') || '/';
  return {
    Id: site.id, Url: site.url, ServerRelativeUrl: path, ReadOnly: false, IsHubSite: false,
    HubSiteId: '00000000-0000-0000-0000-000000000000', GroupId: '00000000-0000-0000-0000-000000000000',
    PrimaryUri: site.url, Classification: '', ShareByEmailEnabled: false,
  };
}

function shaped(flavour: ODataFlavour, kind: 'Web' | 'Site', site: SiteRecord, props: Props): unknown {
  const api = `${site.url}/_api/${kind}`;
  if (flavour === 'verbose') return { d: { __metadata: { id: api, uri: api, type: `SP.${kind}` }, ...props } };
  if (flavour === 'nometadata') return props;
  return { 'odata.metadata': `${site.url}/_api/$metadata#SP.ApiData.${kind}s/@Element`, 'odata.type': `SP.${kind}`, 'odata.id': api, 'odata.editLink': kind, ...props };
}

function select(flavour: ODataFlavour, type: string, all: Props, selectParam: string | null): Props | Answer {
  if (!selectParam) return all;
  const out: Props = {};
  for (const name of selectParam.split(',').map((s) => s.trim()).filter(Boolean)) {
    const real = Object.keys(all).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!real) return spError(flavour, 400, '-1, Microsoft.SharePoint.Client.InvalidClientQueryException', `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`);
    out[real] = all[real];
  }
  return out;
}

/** `sitePath` is everything before `/_api/`; `resource` is `web` or `site`. */
export function siteRest(req: SandboxRequest, tenant: TenantState, sitePath: string, resource: 'web' | 'site'): Answer {
  const flavour = flavourOf(req);
  const site = tenant.sites.get(siteKey(`https://${req.host}${sitePath}`));
  if (!site) return fileNotFound(flavour);
  // A redirect site's `_api/web` answers 401 (OfficeDocs-SharePoint #1566), not its properties and not a
  // 3xx; the body is SharePoint's usual access-denied one (INFERRED).
  if (resource === 'web' && /^redirectsite/i.test(site.template)) {
    return spError(flavour, 401, '-2147024891, System.UnauthorizedAccessException', 'Access denied. You do not have permission to perform this action or access this resource.');
  }
  const kind = resource === 'web' ? 'Web' : 'Site';
  const all = resource === 'web' ? webProps(site) : siteProps(site);
  const picked = select(flavour, `SP.${kind}`, all, req.url.searchParams.get('$select'));
  if ('status' in picked && typeof picked.status === 'number' && 'body' in picked) return picked as Answer;
  return json(200, shaped(flavour, kind, site, picked as Props), { 'odata-version': flavour === 'verbose' ? '2.0' : '3.0' });
}

/**
 * `<site>/_api/web/siteusers?$filter=IsSiteAdmin eq true`: the site collection administrators (the site's
 * owner and its additional owners), as SP.User entries with a membership claim. Only that filter is served.
 */
export function siteAdmins(req: SandboxRequest, tenant: TenantState, sitePath: string): Answer {
  const flavour = flavourOf(req);
  const site = tenant.sites.get(siteKey(`https://${req.host}${sitePath}`));
  if (!site || /^redirectsite/i.test(site.template)) return fileNotFound(flavour);
  if (!/^IsSiteAdmin eq true$/i.test(req.url.searchParams.get('$filter') ?? '')) {
    return spError(flavour, 400, '-1, Microsoft.SharePoint.Client.InvalidClientQueryException', 'Only $filter=IsSiteAdmin eq true is served here.');
  }
  const upns = [site.owner, ...(site.additionalOwners ?? [])].filter(Boolean);
  const users = upns.map((upn, i) => {
    const person = tenant.users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
    return { Id: i + 7, Title: person?.displayName ?? upn, Email: person?.mail ?? upn, LoginName: `i:0#.f|membership|${upn.toLowerCase()}`, UserPrincipalName: upn, IsSiteAdmin: true, PrincipalType: 1 };
  });
  const rows = users.map((u) => {
    const picked = select(flavour, 'SP.User', u, req.url.searchParams.get('$select'));
    return picked;
  });
  const bad = rows.find((r) => 'status' in r && typeof r.status === 'number' && 'body' in r);
  if (bad) return bad as Answer;
  const api = `${site.url}/_api/Web/SiteUsers`;
  const body = flavour === 'verbose' ? { d: { results: rows.map((r) => ({ __metadata: { type: 'SP.User' }, ...r })) } }
    : flavour === 'nometadata' ? { value: rows } : { 'odata.metadata': `${site.url}/_api/$metadata#SP.ApiData.Users`, value: rows, 'odata.id': api };
  return json(200, body, { 'odata-version': flavour === 'verbose' ? '2.0' : '3.0' });
}
