// A tenant app's certificate: readable with a key and a certificate in it, key and certificate a pair,
// and inside its validity dates (warn when it ends within 30 days, so it is renewed before Entra refuses it).
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { parsePemBundle, PFX_CONTENT_TYPE } from '../tenants/appCertificate.js';
import type { CheckItem, SetupCheckDeps, TenantCheckSettings } from './types.js';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CertificateOutcome {
  items: CheckItem[];
  /** Present when both parts could be read: the PEMs the tenant client signs with. */
  pems?: { privateKeyPem: string; certificatePem: string };
}

type ReadDeps = Pick<SetupCheckDeps, 'now' | 'readFile' | 'readVaultCertificate'>;

export async function checkCertificate(t: TenantCheckSettings, deps: ReadDeps): Promise<CertificateOutcome> {
  const id = `${t.side}.certificate`;
  const c = t.certificate;
  const where = c.kind === 'file' ? `${c.setting} (${c.path})` : c.kind === 'vault' ? `Key Vault certificate '${c.name}' (${c.setting})` : c.label;
  const [itemId, title] = c.kind === 'vault' ? [`${id}.vault`, `${t.label}: certificate in Key Vault`] : [`${id}.file`, `${t.label}: certificate file`];
  const read = await readPems(t, deps);
  if ('problem' in read) {
    return { items: [{ id: itemId, title, ok: false, detail: `${where}: ${read.problem}`, fix: read.fix }] };
  }
  const items: CheckItem[] = [{ id: itemId, title, ok: true, detail: `${where}${read.version ? ` version ${read.version}` : ''}${read.form ? ` (${read.form})` : ''} holds a private key and a certificate` }];
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(read.certificatePem);
    key = createPrivateKey(read.privateKeyPem);
  } catch (err) {
    items[0] = { ...items[0], ok: false, detail: `${where}: the PEM blocks do not parse (${(err as Error).message.split('\n')[0]})`, fix: 'Export the key and certificate again as PEM (see docs/deploy.md, "Certificate").' };
    return { items };
  }
  const thumbprint = cert.fingerprint.replace(/:/g, '');
  items.push(cert.checkPrivateKey(key)
    ? { id: `${id}.match`, title: `${t.label}: key matches certificate`, ok: true, detail: `certificate ${thumbprint} (SHA-1 thumbprint) and its private key are a pair` }
    : { id: `${id}.match`, title: `${t.label}: key matches certificate`, ok: false, detail: `the private key in ${where} is not the key of certificate ${thumbprint}`,
      fix: 'Put the private key and the certificate of the same pair in one PEM file (cat key.pem cert.pem > app.pem), and upload that certificate to the app registration.' });
  items.push(expiryItem(id, t, cert, thumbprint, deps.now()));
  return { items, pems: { privateKeyPem: read.privateKeyPem, certificatePem: read.certificatePem } };
}

function expiryItem(id: string, t: TenantCheckSettings, cert: X509Certificate, thumbprint: string, now: Date): CheckItem {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  const days = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
  const title = `${t.label}: certificate dates`;
  const renew = t.certificate.kind === 'vault'
    ? `Make a new certificate (docs/deploy.md, "Certificate"), upload it to app ${t.clientId} in tenant ${t.tenantId}, and import it into the vault as a new version of '${t.certificate.name}' (az keyvault certificate import); the bot picks it up within minutes.`
    : `Make a new certificate (docs/deploy.md, "Certificate"), upload it to app ${t.clientId} in tenant ${t.tenantId}, and point ${settingOf(t)} at the new PEM.`;
  if (now < from) return { id: `${id}.expiry`, title, ok: false, detail: `certificate ${thumbprint} is not valid before ${from.toISOString()}`, fix: `Check this machine's clock, or ${renew.charAt(0).toLowerCase()}${renew.slice(1)}` };
  if (now > to) return { id: `${id}.expiry`, title, ok: false, detail: `certificate ${thumbprint} expired on ${to.toISOString()}`, fix: renew };
  if (days < EXPIRY_WARNING_DAYS) return { id: `${id}.expiry`, title, ok: 'warn', detail: `certificate ${thumbprint} expires on ${to.toISOString()}, in ${days} days`, fix: `Renew it before then: ${renew}` };
  return { id: `${id}.expiry`, title, ok: true, detail: `valid until ${to.toISOString().slice(0, 10)} (${days} days)` };
}

type Pems = { privateKeyPem: string; certificatePem: string; version?: string; form?: string };

async function readPems(t: TenantCheckSettings, deps: Pick<SetupCheckDeps, 'readFile' | 'readVaultCertificate'>): Promise<Pems | { problem: string; fix: string }> {
  if (t.certificate.kind === 'memory') return { privateKeyPem: t.certificate.privateKeyPem, certificatePem: t.certificate.certificatePem };
  if (t.certificate.kind === 'vault') {
    if (!deps.readVaultCertificate) return { problem: 'not read: no Key Vault client', fix: 'Set KEY_VAULT_URL.' };
    const read = await deps.readVaultCertificate(t.certificate.name, t.certificate.setting);
    // The message names the failure and its fix (services/tenants/keyVaultCertificates.ts); the vault item above says which.
    if (!read.ok) return { problem: read.failure === 'notFound' ? 'no such certificate in the vault' : `not read (${read.failure})`, fix: read.message };
    return { ...read.pems, version: read.version, form: read.contentType === PFX_CONTENT_TYPE ? 'PFX' : 'PEM' };
  }
  const { path, setting } = t.certificate;
  let text: string;
  try {
    text = await deps.readFile(path);
  } catch (err) {
    return { problem: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, fix: `Point ${setting} at a PEM file this process can read, holding the app's private key and certificate.` };
  }
  const parsed = parsePemBundle(text);
  if (parsed.ok) return parsed.pems;
  const encrypted = parsed.encrypted ? ' (the key is encrypted: export it without a passphrase, e.g. openssl pkey -in key.pem -out key-plain.pem)' : '';
  return { problem: `${parsed.missing} in PEM form${encrypted}`, fix: `${setting} must name one PEM file with both the private key (-----BEGIN PRIVATE KEY-----) and the certificate (-----BEGIN CERTIFICATE-----).` };
}

function settingOf(t: TenantCheckSettings): string {
  return t.certificate.kind === 'file' ? t.certificate.setting : `${t.side.toUpperCase()}_CERT_PATH`;
}
