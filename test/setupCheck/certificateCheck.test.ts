// The certificate items on their own: file contents, key/certificate pair, dates against a given clock.
import { describe, expect, it } from '@jest/globals';
import { checkCertificate } from '../../services/setupCheck/certificateCheck.js';
import type { TenantCheckSettings } from '../../services/setupCheck/types.js';
import { certificate } from './helpers.js';

const DAY = 86_400_000;
const settings = (path = '/certs/app.pem'): TenantCheckSettings => ({
  side: 'source', label: 'source (contoso)', tenantId: 't', clientId: 'c', adminUrl: 'https://contoso-admin.sharepoint.com',
  certificate: { kind: 'file', path, setting: 'SOURCE_CERT_PATH' },
});

describe('certificate check', () => {
  it('a certificate whose validity has not begun fails and suggests the clock', async () => {
    const future = await certificate(new Date(Date.now() + 5 * DAY), new Date(Date.now() + 400 * DAY));
    const out = await checkCertificate(settings(), { now: () => new Date(), readFile: async () => `${future.privateKeyPem}${future.certificatePem}` });
    const dates = out.items.find((i) => i.id === 'source.certificate.expiry')!;
    expect(dates.ok).toBe(false);
    expect(dates.detail).toContain('is not valid before');
    expect(dates.fix).toContain('clock');
  });

  it('a file with only the certificate names the missing key; an encrypted key says how to export it', async () => {
    const pair = await certificate(new Date(Date.now() - DAY), new Date(Date.now() + 400 * DAY));
    const onlyCert = await checkCertificate(settings(), { now: () => new Date(), readFile: async () => pair.certificatePem });
    expect(onlyCert.pems).toBeUndefined();
    expect(onlyCert.items[0].detail).toBe('SOURCE_CERT_PATH (/certs/app.pem): no unencrypted private key in PEM form');
    const encrypted = await checkCertificate(settings(), { now: () => new Date(), readFile: async () => `-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n${pair.certificatePem}` });
    expect(encrypted.items[0].detail).toContain('openssl pkey');
  });

  it('passes a fresh pair, and never puts the key in what it reports', async () => {
    const pair = await certificate(new Date(Date.now() - DAY), new Date(Date.now() + 400 * DAY));
    const out = await checkCertificate(settings(), { now: () => new Date(), readFile: async () => `${pair.privateKeyPem}${pair.certificatePem}` });
    expect(out.items.map((i) => i.ok)).toEqual([true, true, true]);
    expect(JSON.stringify(out.items)).not.toContain(pair.privateKeyPem.split('\n')[1]);
  });
});
