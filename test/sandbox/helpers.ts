// Test-side plumbing for the sandbox suites: routed fetch, msal-node tokens, digests and CSOM envelopes.
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { X509Certificate, createHash } from 'node:crypto';
import type { SandboxHandle, SandboxTenantCredentials } from '../../services/sandbox/index.js';

/** fetch to a real Microsoft URL, delivered to the sandbox with the real host in x-original-host. */
export function routedFetch(sandbox: SandboxHandle, url: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(url);
  return fetch(new URL(u.pathname + u.search, sandbox.url), {
    ...init, headers: { ...(init.headers as Record<string, string>), 'x-original-host': u.host },
  });
}

export function networkClient(sandbox: SandboxHandle, seen: string[] = []): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    seen.push(`${method} ${url}`);
    const res = await routedFetch(sandbox, url, { method, headers: options?.headers, body: options?.body });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, headers, body: JSON.parse(await res.text()) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export function thumbprintSha256(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

export function msalClient(sandbox: SandboxHandle, creds: SandboxTenantCredentials, over: Partial<{ tenantId: string; clientId: string; privateKeyPem: string }> = {}, seen?: string[]): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: over.clientId ?? creds.clientId,
      authority: `https://login.microsoftonline.com/${over.tenantId ?? creds.tenantId}`,
      clientCertificate: { thumbprintSha256: thumbprintSha256(creds.certificatePem), privateKey: over.privateKeyPem ?? creds.privateKeyPem },
    },
    system: { networkClient: networkClient(sandbox, seen) },
  });
}

export async function tokenFor(sandbox: SandboxHandle, creds: SandboxTenantCredentials, resource: string): Promise<string> {
  const result = await msalClient(sandbox, creds).acquireTokenByClientCredential({ scopes: [`${resource}/.default`] });
  if (!result) throw new Error('no token');
  return result.accessToken;
}

export async function formDigest(sandbox: SandboxHandle, token: string, siteUrl: string): Promise<string> {
  const res = await routedFetch(sandbox, `${siteUrl}/_api/contextinfo`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' },
  });
  return ((await res.json()) as { FormDigestValue: string }).FormDigestValue;
}

export const TENANT_TYPE = '{268004ae-ef6b-4e9b-8425-127220d84719}';
export const FILTER_TYPE = '{b92aeee2-c92c-4b67-abcc-024e471bc140}';

export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

export function envelope(actions: string, objectPaths: string): string {
  return `<Request AddExpandoFieldTypeSuffix="true" SchemaVersion="15.0.0.0" LibraryVersion="16.0.0.0" ApplicationName="sandbox tests" xmlns="http://schemas.microsoft.com/sharepoint/clientquery/2009"><Actions>${actions}</Actions><ObjectPaths>${objectPaths}</ObjectPaths></Request>`;
}

/** A tenant method called as an action (scalar or void result): ObjectPath action then Method, as CLI sends. */
export function tenantMethodXml(name: string, params: string): string {
  return envelope(`<ObjectPath Id="2" ObjectPathId="1" /><Method Name="${name}" Id="3" ObjectPathId="1"><Parameters>${params}</Parameters></Method>`,
    `<Constructor Id="1" TypeId="${TENANT_TYPE}" />`);
}

/** A tenant method returning an object: a Method object path, queried (all or some properties). */
export function tenantObjectMethodXml(name: string, params: string, properties?: string[]): string {
  const query = properties
    ? `<Query SelectAllProperties="false"><Properties>${properties.map((p) => `<Property Name="${p}" ScalarProperty="true" />`).join('')}</Properties></Query>`
    : '<Query SelectAllProperties="true"><Properties /></Query>';
  return envelope(`<ObjectPath Id="2" ObjectPathId="1" /><ObjectPath Id="4" ObjectPathId="3" /><Query Id="5" ObjectPathId="3">${query}</Query>`,
    `<Constructor Id="1" TypeId="${TENANT_TYPE}" /><Method Id="3" ParentId="1" Name="${name}"><Parameters>${params}</Parameters></Method>`);
}

export function listSitesXml(f: { template?: string; includePersonal?: number; startIndex?: string | null; filter?: string }): string {
  return envelope(
    '<ObjectPath Id="2" ObjectPathId="1" /><ObjectPath Id="4" ObjectPathId="3" /><Query Id="5" ObjectPathId="3"><Query SelectAllProperties="true"><Properties /></Query><ChildItemQuery SelectAllProperties="true"><Properties /></ChildItemQuery></Query>',
    `<Constructor Id="1" TypeId="${TENANT_TYPE}" /><Method Id="3" ParentId="1" Name="GetSitePropertiesFromSharePointByFilters"><Parameters><Parameter TypeId="${FILTER_TYPE}">`
    + `<Property Name="Filter" Type="String">${xmlText(f.filter ?? '')}</Property><Property Name="IncludeDetail" Type="Boolean">false</Property>`
    + `<Property Name="IncludePersonalSite" Type="Enum">${f.includePersonal ?? 0}</Property>`
    + (f.startIndex === null ? '<Property Name="StartIndex" Type="Null" />' : `<Property Name="StartIndex" Type="String">${xmlText(f.startIndex ?? '0')}</Property>`)
    + `<Property Name="Template" Type="String">${xmlText(f.template ?? '')}</Property></Parameter></Parameters></Method>`);
}

export const stringParam = (v: string) => `<Parameter Type="String">${xmlText(v)}</Parameter>`;
export const enumParam = (v: number) => `<Parameter Type="Enum">${v}</Parameter>`;

export interface CsomClient {
  (xml: string): Promise<{ status: number; body: unknown[] }>;
}

/** A ProcessQuery poster for one tenant's admin host, with a fresh token and digest. */
export async function csomClient(sandbox: SandboxHandle, creds: SandboxTenantCredentials): Promise<CsomClient> {
  const token = await tokenFor(sandbox, creds, creds.adminUrl);
  const digest = await formDigest(sandbox, token, creds.adminUrl);
  return async (xml) => {
    const res = await routedFetch(sandbox, `${creds.adminUrl}/_vti_bin/client.svc/ProcessQuery`, {
      method: 'POST', body: xml, headers: { authorization: `Bearer ${token}`, 'x-requestdigest': digest, 'content-type': 'text/xml', accept: 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as unknown[] };
  };
}

/** The value answered for an action id (ids are echoed by the sandbox). */
export function valueFor(body: unknown[], id: number): unknown {
  const i = body.indexOf(id, 1);
  return i > 0 ? body[i + 1] : undefined;
}

export function errorInfo(body: unknown[]): { ErrorMessage: string; ErrorTypeName: string; ErrorCode: number } | null {
  return (body[0] as { ErrorInfo: { ErrorMessage: string; ErrorTypeName: string; ErrorCode: number } | null }).ErrorInfo;
}

/**
 * `Set-SPOSite -Identity <url> -<Name> <value>` as PnP PowerShell/CSOM sends it: load SiteProperties by URL,
 * SetProperty, Update (an object path), then query the operation. Ids start at `base` so tests can vary them.
 */
export function setSitePropertyXml(url: string, name: string, value: string, base = 1): string {
  const [tenant, site, update] = [base, base + 2, base + 5];
  return envelope(
    `<ObjectPath Id="${base + 1}" ObjectPathId="${tenant}"/><ObjectPath Id="${base + 3}" ObjectPathId="${site}"/>`
    + `<SetProperty Id="${base + 4}" ObjectPathId="${site}" Name="${name}"><Parameter Type="String">${xmlText(value)}</Parameter></SetProperty>`
    + `<ObjectPath Id="${base + 6}" ObjectPathId="${update}"/>`
    + `<Query Id="${base + 7}" ObjectPathId="${update}"><Query SelectAllProperties="false"><Properties><Property Name="IsComplete" ScalarProperty="true"/><Property Name="PollingInterval" ScalarProperty="true"/></Properties></Query></Query>`,
    `<Constructor Id="${tenant}" TypeId="${TENANT_TYPE}"/>`
    + `<Method Id="${site}" ParentId="${tenant}" Name="GetSitePropertiesByUrl"><Parameters>${stringParam(url)}<Parameter Type="Boolean">false</Parameter></Parameters></Method>`
    + `<Method Id="${update}" ParentId="${site}" Name="Update"/>`);
}

/** Polls a SpoOperation by its identity (newlines written as &#xA;), querying IsComplete and PollingInterval. */
export function pollOperationXml(identity: string): string {
  return envelope(
    '<Query Id="188" ObjectPathId="184"><Query SelectAllProperties="false"><Properties><Property Name="IsComplete" ScalarProperty="true" /><Property Name="PollingInterval" ScalarProperty="true" /></Properties></Query></Query>',
    `<Identity Id="184" Name="${xmlText(identity).replace(/\n/g, '&#xA;')}" />`);
}

export interface SpoOperation { _ObjectType_: string; _ObjectIdentity_: string; IsComplete: boolean; PollingInterval: number }

/** Polls until the operation reports IsComplete (at most `tries` polls, PollingInterval apart). */
export async function waitForOperation(client: CsomClient, op: SpoOperation, tries = 20): Promise<SpoOperation> {
  let current = op;
  for (let i = 0; i < tries && !current.IsComplete; i++) {
    await new Promise((r) => setTimeout(r, current.PollingInterval));
    current = valueFor((await client(pollOperationXml(op._ObjectIdentity_))).body, 188) as SpoOperation;
  }
  return current;
}
