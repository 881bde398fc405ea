// SharePoint over PnPjs's queryable pipeline: PnPjs's defaults plus our bearer and our send (the tenant
// transport with User-Agent and retry). Not SPBrowser: its RequestDigest behaviour skips requests that
// already carry Authorization, and not BrowserFetchWithRetry: its retry is replaced (toolchain.md).
// The only importer of @pnp/*.
import type { TimelinePipe } from '@pnp/core';
import { DefaultParse, TextParse, type Queryable } from '@pnp/queryable';
import { DefaultHeaders, DefaultInit, SPQueryable, spfi, spGet, spPost, type SPFI } from '@pnp/sp';
import { Web } from '@pnp/sp/webs/index.js';
import { TenantError } from '../errors.js';
import { httpError } from './errorMessages.js';
import type { Transport } from './pipeline/transport.js';

export interface SpoDeps { adminUrl: string; getToken: () => Promise<string>; send: Transport }

export interface WebInfo { WebTemplate?: string; Title?: string; Url?: string }
export interface SiteUserInfo { Title?: string; LoginName?: string; UserPrincipalName?: string | null }

export interface Spo {
  /** `POST <admin>/_api/contextinfo` → the form digest ProcessQuery needs, and how long it lives. */
  contextInfo(signal?: AbortSignal): Promise<{ digest: string; timeoutSeconds: number }>;
  /** `POST <admin>/_vti_bin/client.svc/ProcessQuery` → the raw reply body. */
  processQuery(xml: string, digest: string, signal?: AbortSignal): Promise<string>;
  /** `GET <site>/_api/web?$select=WebTemplate,Title,Url` on the site's own host. */
  readWeb(siteUrl: string, signal?: AbortSignal): Promise<WebInfo>;
  /** `GET <site>/_api/web/siteusers?$filter=IsSiteAdmin eq true`: the site collection administrators. */
  readSiteAdmins(siteUrl: string, signal?: AbortSignal): Promise<SiteUserInfo[]>;
}

function Bearer(getToken: () => Promise<string>): TimelinePipe<Queryable> {
  return (instance: Queryable) => {
    instance.on.auth(async (url, init) => {
      init.headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${await getToken()}` };
      return [url, init];
    });
    return instance;
  };
}

/** Never follow a redirect: it could carry our bearer to another host (a redirect site points at another tenant). */
function SendThrough(send: Transport): TimelinePipe<Queryable> {
  return (instance: Queryable) => {
    instance.on.send.replace(async (url: URL, init: RequestInit) => send(url, { ...init, redirect: 'manual' }));
    return instance;
  };
}

export function createSpo(deps: SpoDeps): Spo {
  const admin = deps.adminUrl.replace(/\/+$/, '');
  const adminHost = new URL(admin).host;
  const sp: SPFI = spfi(admin).using(DefaultHeaders(), DefaultInit(), Bearer(deps.getToken), SendThrough(deps.send), DefaultParse());
  return {
    contextInfo: signal => mapErrors(adminHost, async () => {
      const info = await spPost(SPQueryable([sp.web, `${admin}/_api/contextinfo`]), { signal });
      const data = info?.GetContextWebInformation ?? info; // verbose (d.GetContextWebInformation) or minimal metadata
      if (typeof data?.FormDigestValue !== 'string') throw new TenantError('NoFormDigest', 'SharePoint answered contextinfo without a form digest.', 200);
      return { digest: data.FormDigestValue, timeoutSeconds: Number(data.FormDigestTimeoutSeconds) || 1800 };
    }),
    processQuery: (xml, digest, signal) => mapErrors(adminHost, () =>
      spPost(SPQueryable([sp.web, `${admin}/_vti_bin/client.svc/ProcessQuery`]).using(TextParse()), {
        body: xml, signal, headers: { 'Content-Type': 'text/xml', 'X-RequestDigest': digest },
      })),
    readWeb: (siteUrl, signal) => mapErrors(new URL(siteUrl).host, () =>
      Web([sp.web, siteUrl.replace(/\/+$/, '')]).select('WebTemplate', 'Title', 'Url')({ signal })),
    readSiteAdmins: (siteUrl, signal) => mapErrors(new URL(siteUrl).host, () => {
      const users = SPQueryable([sp.web, `${siteUrl.replace(/\/+$/, '')}/_api/web/siteusers`]);
      users.query.set('$filter', 'IsSiteAdmin eq true');
      users.query.set('$select', 'Title,LoginName,UserPrincipalName');
      return spGet<SiteUserInfo[]>(users, { signal });
    }),
  };
}

/** PnPjs's HttpRequestError → TenantError with the SharePoint code; our own domain errors pass through. */
async function mapErrors<T>(host: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as { isHttpRequestError?: boolean; status?: number; message?: string };
    if (!e?.isHttpRequestError || e.status === undefined) throw err;
    const body = (e.message ?? '').split('::> ').slice(1).join('::> ');
    const { code, message } = readSharePointError(body);
    throw httpError('SharePoint', e.status, code, message, host);
  }
}

function readSharePointError(body: string): { code?: string; message: string } {
  try {
    const json = JSON.parse(body);
    const error = json['odata.error'] ?? json.error;
    const message = typeof error?.message === 'string' ? error.message : error?.message?.value;
    return { code: typeof error?.code === 'string' ? error.code : undefined, message: message ?? body.slice(0, 300) };
  } catch {
    return { message: body.slice(0, 300) };
  }
}
