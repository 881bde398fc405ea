// A tenant app's certificate as the bot signs with it: the private key and the certificate, both PEM.
// The one parser of the forms it arrives in: a PEM file (key + certificate), or a Key Vault certificate's
// secret, which Key Vault hands out as PEM (application/x-pem-file) or as base64 PFX (application/x-pkcs12).
// Everything stays in memory: nothing here writes a file.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface AppCertificate { privateKeyPem: string; certificatePem: string }

/** A certificate that can change while the bot runs (renewed in Key Vault): the tenant client asks for the current one. */
export interface CertificateSource {
  current(): AppCertificate;
  /** Re-reads when a check is due (or at once with `force`); true when the certificate changed. Never throws. */
  refresh(force?: boolean): Promise<boolean>;
  /**
   * Entra refused the certificate in use and the store has nothing newer: go back to the one used before it,
   * if any (a renewal not yet registered on the app). True when the certificate changed.
   */
  fallBack(): boolean;
}

export const PEM_CONTENT_TYPE = 'application/x-pem-file';
export const PFX_CONTENT_TYPE = 'application/x-pkcs12';

const KEY_PEM = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/;
const CERT_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export type PemParse = { ok: true; pems: AppCertificate } | { ok: false; missing: string; encrypted: boolean };

/** The first unencrypted private key and the first certificate in a PEM text (a chain's leaf comes first). */
export function parsePemBundle(text: string): PemParse {
  const privateKeyPem = KEY_PEM.exec(text)?.[0];
  const certificatePem = CERT_PEM.exec(text)?.[0];
  if (privateKeyPem && certificatePem) return { ok: true, pems: { privateKeyPem: `${privateKeyPem}\n`, certificatePem: `${certificatePem}\n` } };
  const missing = [privateKeyPem ? '' : 'no unencrypted private key', certificatePem ? '' : 'no certificate'].filter(Boolean).join(' and ');
  return { ok: false, missing, encrypted: /ENCRYPTED PRIVATE KEY/.test(text) };
}

/**
 * A PFX as Key Vault exports a certificate's secret: base64, no password. node:crypto reads no PKCS#12, so
 * node-forge opens it; the key is handed on as PEM and parsed by node:crypto from there on.
 */
export function parsePfx(base64: string, password = ''): AppCertificate {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64.trim())), password);
  const keyBag = [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]
    .flatMap((type) => p12.getBags({ bagType: type })[type] ?? []).find((b) => b.key);
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (!keyBag?.key || certBags.length === 0) throw new Error(`the PFX holds ${keyBag?.key ? '' : 'no private key'}${!keyBag?.key && certBags.length === 0 ? ' and ' : ''}${certBags.length ? '' : 'no certificate'}`);
  // With a chain in the PFX, the app's certificate is the one whose public key is the private key's.
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const leaf = certBags.map((b) => b.cert!).find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n)) ?? certBags[0].cert!;
  return { privateKeyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))), certificatePem: forge.pki.certificateToPem(leaf) };
}

/**
 * A Key Vault certificate's secret value, by the content type Key Vault gives it. A key that is not the
 * certificate's is refused here: as a renewal it would fail every sign-in, so the one in use is kept.
 */
export function parseCertificateSecret(value: string, contentType: string | undefined): AppCertificate {
  const pems = secretPems(value, contentType);
  if (!new X509Certificate(pems.certificatePem).checkPrivateKey(createPrivateKey(pems.privateKeyPem))) throw new Error('its private key is not the certificate\'s');
  return pems;
}

function secretPems(value: string, contentType: string | undefined): AppCertificate {
  if (contentType === PFX_CONTENT_TYPE) return parsePfx(value);
  const pem = parsePemBundle(value);
  if (pem.ok) return pem.pems;
  if (contentType === PEM_CONTENT_TYPE) throw new Error(`the PEM holds ${pem.missing}`);
  throw new Error(`content type '${contentType ?? 'none'}' is neither ${PEM_CONTENT_TYPE} nor ${PFX_CONTENT_TYPE}: is it a certificate's secret?`);
}
