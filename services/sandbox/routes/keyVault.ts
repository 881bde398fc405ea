// <name>.vault.azure.net: the Key Vault secrets API as @azure/keyvault-secrets calls it (GET
// /secrets/{name}/{version?}?api-version=…), holding the two simulated apps' certificates the way Key Vault
// keeps an imported certificate: a secret of the certificate's name whose value is the key and certificate,
// PEM (application/x-pem-file) or base64 PFX (application/x-pkcs12), one version per import.
//
// Access as Key Vault gives it in RBAC mode: the first, unauthenticated request gets 401 with the
// challenge the SDK reads (authorization = the tenant's authority, resource = https://vault.azure.net);
// a bearer token must be one this sandbox issued for that resource, and its oid must hold "Key Vault
// Secrets User" on the vault, or the answer is 403.
//
// Sources: the secret bundle's fields (value, id, contentType, attributes, tags, kid, managed) follow the
// Key Vault REST reference and @azure/keyvault-secrets' models; the challenge follows the SDK's
// keyVaultAuthenticationPolicy. Inferred, not recorded: the wording of error messages, the AKV codes in
// the 401 bodies, and the 403 body's text (its code Forbidden / innererror ForbiddenByRbac is as reported
// publicly); attribute values such as recoveryLevel are plausible defaults.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { json, type Answer, type SandboxRequest } from '../httpIo.js';
import type { SandboxWorld } from '../model.js';
import type { HostService } from '../server.js';
import { checkBearer } from '../tokens.js';
import { LOGIN_HOST } from '../faults.js';

export const VAULT_HOST = 'post-migration-sandbox.vault.azure.net';
const VAULT_RESOURCE = 'https://vault.azure.net';
const PEM = 'application/x-pem-file';
const PFX = 'application/x-pkcs12';

export type VaultSide = 'source' | 'target';
export type VaultFormat = 'pem' | 'pfx';

interface SecretVersion { version: string; value: () => string; contentType: string; created: number; nbf: number; exp: number }

/** PFX encoding costs tens of ms of pure JS: done when the version is first read, not at every sandbox start. */
function once(make: () => string): () => string {
  let made: string | undefined;
  return () => (made ??= make());
}

function kvError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Answer {
  return json(status, { error: { code, message, ...extra } }, headers);
}

function pfxOf(pems: { privateKeyPem: string; certificatePem: string }): string {
  const key = forge.pki.privateKeyFromPem(pems.privateKeyPem);
  const cert = forge.pki.certificateFromPem(pems.certificatePem);
  // Key Vault hands out a certificate's PFX with an empty password.
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], '', { algorithm: '3des' });
  return forge.util.encode64(forge.asn1.toDer(p12).getBytes());
}

function epochOf(date: string): number {
  return Math.floor(Date.parse(date) / 1000);
}

export class SandboxVault {
  readonly url = `https://${VAULT_HOST}`;
  private readonly secrets = new Map<string, SecretVersion[]>();
  /** Principals holding Key Vault Secrets User on the vault. */
  private readonly secretsUsers = new Set<string>();

  constructor(private readonly world: SandboxWorld, readonly certificateNames: Record<VaultSide, string>) {}

  /** Grants or withholds Key Vault Secrets User from the web app's managed identity. */
  setAccess(granted: boolean): void {
    if (granted) this.secretsUsers.add(this.world.managedIdentity.principalId);
    else this.secretsUsers.delete(this.world.managedIdentity.principalId);
  }

  /** Imports a certificate as a new version of the side's certificate; returns the version. */
  put(side: VaultSide, pems: { privateKeyPem: string; certificatePem: string }, format: VaultFormat, validity: { from: string; to: string }): string {
    const version = randomBytes(16).toString('hex');
    const now = Math.floor(this.world.now() / 1000);
    const value = format === 'pfx' ? once(() => pfxOf(pems)) : () => `${pems.privateKeyPem.trim()}\n${pems.certificatePem.trim()}\n`;
    const name = this.certificateNames[side];
    const versions = this.secrets.get(name) ?? [];
    versions.push({ version, value, contentType: format === 'pfx' ? PFX : PEM, created: now, nbf: epochOf(validity.from), exp: epochOf(validity.to) });
    this.secrets.set(name, versions);
    return version;
  }

  service(): HostService {
    return {
      name: 'key-vault',
      matches: (host) => host === VAULT_HOST,
      handle: (req) => this.handle(req),
      failure: (status, retryAfter) => kvError(status, status === 429 ? 'Throttled' : 'ServiceUnavailable',
        status === 429 ? 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached' : 'The service is unavailable.',
        {}, retryAfter ? { 'retry-after': retryAfter } : {}),
    };
  }

  private handle(req: SandboxRequest): Answer {
    const challenge = { 'www-authenticate': `Bearer authorization="https://${LOGIN_HOST}/${this.world.managedIdentity.tenantId}", resource="${VAULT_RESOURCE}"` };
    const bearer = checkBearer(this.world.signingKey, Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization);
    if (!bearer.ok) {
      return bearer.reason === 'missing'
        ? kvError(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.', {}, challenge)
        : kvError(401, 'Unauthorized', `AKV10022: Invalid audience or token (${bearer.reason}).`, {}, challenge);
    }
    if (bearer.claims.aud.replace(/\/+$/, '') !== VAULT_RESOURCE) return kvError(401, 'Unauthorized', `AKV10022: Invalid audience. Expected ${VAULT_RESOURCE}, found: ${bearer.claims.aud}.`, {}, challenge);
    if (!req.url.searchParams.get('api-version')) return kvError(400, 'BadParameter', 'The request URI contains an invalid API version.');
    const m = /^\/secrets\/([0-9a-zA-Z-]{1,127})(?:\/([0-9a-f]{32}))?\/?$/.exec(req.url.pathname);
    if (!m) return kvError(404, 'NotFound', `The path ${req.url.pathname} is not served by this vault.`);
    if (req.method !== 'GET') return kvError(405, 'MethodNotAllowed', 'Only GET is served.');
    const oid = bearer.claims.oid ?? '';
    if (!this.secretsUsers.has(oid)) {
      return kvError(403, 'Forbidden', `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=${bearer.claims.appid};oid=${oid};iss=https://sts.windows.net/${bearer.claims.tid}/\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nAssignment: (not found)\r\nVault: ${VAULT_HOST.split('.')[0]}\r\n`,
        { innererror: { code: 'ForbiddenByRbac' } });
    }
    const [, name, version] = m;
    const versions = this.secrets.get(name) ?? [];
    const found = version ? versions.find((v) => v.version === version) : versions.at(-1);
    if (!found) return kvError(404, 'SecretNotFound', `A secret with (name/id) ${version ? `${name}/${version}` : name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.`);
    return json(200, {
      value: found.value(), contentType: found.contentType, id: `${this.url}/secrets/${name}/${found.version}`,
      attributes: { enabled: true, nbf: found.nbf, exp: found.exp, created: found.created, updated: found.created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
      tags: {}, kid: `${this.url}/keys/${name}/${found.version}`, managed: true,
    });
  }
}
