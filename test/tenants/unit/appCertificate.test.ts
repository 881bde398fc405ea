// The forms a tenant app's certificate arrives in from Key Vault: a PEM bundle or a base64 PFX, read into
// the PEM pair the tenant client signs with; a secret that is not a usable pair is refused.
import { describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import selfsigned from 'selfsigned';
import { parseCertificateSecret, PEM_CONTENT_TYPE, PFX_CONTENT_TYPE } from '../../../services/tenants/appCertificate.js';

const pair = async (name: string) => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: name }], { keySize: 2048, algorithm: 'sha256' });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
};

/** A PFX as Key Vault exports one (empty password), its certificates in the order given. */
function pfx(keyPem: string, certPems: string[]): string {
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(keyPem), certPems.map((c) => forge.pki.certificateFromPem(c)), '', { algorithm: '3des' });
  return forge.util.encode64(forge.asn1.toDer(asn1).getBytes());
}

const subjectOf = (pem: string) => new X509Certificate(pem).subject;

describe('a Key Vault certificate secret', () => {
  it('as PEM: the key and the certificate, in either order', async () => {
    const app = await pair('app');
    const read = parseCertificateSecret(`${app.certificatePem}${app.privateKeyPem}`, PEM_CONTENT_TYPE);
    expect(subjectOf(read.certificatePem)).toBe('CN=app');
    expect(read.privateKeyPem).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
  });

  it('as PFX with a chain: the certificate whose key the PFX holds, wherever it stands', async () => {
    const [ca, app] = [await pair('issuer'), await pair('app')];
    const read = parseCertificateSecret(pfx(app.privateKeyPem, [ca.certificatePem, app.certificatePem]), PFX_CONTENT_TYPE);
    expect(subjectOf(read.certificatePem)).toBe('CN=app');
  });

  it('refuses a key that is not the certificate\'s, a PEM without a key, and what is not a certificate', async () => {
    const [one, other] = [await pair('one'), await pair('other')];
    expect(() => parseCertificateSecret(`${one.privateKeyPem}${other.certificatePem}`, PEM_CONTENT_TYPE)).toThrow('its private key is not the certificate\'s');
    expect(() => parseCertificateSecret(one.certificatePem, PEM_CONTENT_TYPE)).toThrow('the PEM holds no unencrypted private key');
    expect(() => parseCertificateSecret('s3cret', 'text/plain')).toThrow(/content type 'text\/plain' is neither/);
  });
});
