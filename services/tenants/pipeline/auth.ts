// App-only tokens from Entra with a certificate (SharePoint refuses app-only tokens got with a secret).
// One ConfidentialClientApplication per tenant for the process lifetime, so msal's token cache serves
// repeat calls without a request. msal's network client is ours, so the token POST takes the same
// transport, User-Agent and retry as every other call, and the sandbox sees the real request.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { DomainError, TenantError } from '../../errors.js';
import type { Logger } from '../../ports.js';
import type { AppCertificate, CertificateSource } from '../appCertificate.js';
import { tokenError } from '../errorMessages.js';
import { isAbort } from './retry.js';
import type { Transport } from './transport.js';

export interface AuthConfig {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** Fixed PEMs (a file), or a source whose certificate may be renewed while the bot runs (Key Vault). */
  certificate: AppCertificate | CertificateSource;
}

export interface TokenProvider { getToken(scope: string): Promise<string> }

// Hosts msal-common already has metadata for; any other host must be listed in knownAuthorities.
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net',
  'login.microsoftonline.us', 'login.usgovcloudapi.net', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn',
]);

/** msal wants the SHA-256 thumbprint as hex and a PKCS#8 private key; accept PKCS#1 PEMs too. */
export function certificateCredential(pems: AppCertificate) {
  const cert = new X509Certificate(pems.certificatePem);
  const thumbprintSha256 = createHash('sha256').update(cert.raw).digest('hex');
  const privateKey = createPrivateKey(pems.privateKeyPem).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { thumbprintSha256, privateKey, x5c: pems.certificatePem };
}

export function createTokenProvider(config: AuthConfig, transport: Transport, logger: Logger): TokenProvider {
  // msal turns any error thrown by a network client into a bare "network_error"; keep ours to rethrow.
  let lastTransportFailure: unknown;
  const send = async (method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }) => {
    try {
      const response = await transport(new URL(url), { method, headers: options?.headers, body: method === 'POST' ? options?.body ?? '' : undefined });
      const text = await response.text();
      return { status: response.status, headers: plainHeaders(response.headers), body: parseBody(text) as never };
    } catch (err) {
      lastTransportFailure = err;
      throw err;
    }
  };
  const authorityHost = new URL(config.authorityHost).host;
  const source: CertificateSource = 'current' in config.certificate ? config.certificate : fixedCertificate(config.certificate);
  const msalConfig = (certificate: AppCertificate): Configuration => ({
    auth: {
      clientId: config.clientId,
      authority: `${config.authorityHost.replace(/\/+$/, '')}/${config.tenantId}`,
      clientCertificate: certificateCredential(certificate),
      ...(MICROSOFT_AUTHORITY_HOSTS.has(authorityHost) ? {} : { knownAuthorities: [authorityHost] }),
    },
    system: {
      networkClient: { sendGetRequestAsync: (url, o) => send('GET', url, o), sendPostRequestAsync: (url, o) => send('POST', url, o) },
      loggerOptions: {
        piiLoggingEnabled: false, // keeps tokens, assertions and user data out of msal's own messages
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message) => logger.debug({ component: 'msal' }, message),
      },
    },
  });
  // The client is built for one certificate; a renewed one gets a new client (and so a new token cache,
  // so the next request is signed with the renewed certificate at once).
  let signingWith = source.current();
  let client = new ConfidentialClientApplication(msalConfig(signingWith));
  const clientNow = () => {
    const certificate = source.current();
    if (certificate !== signingWith) {
      client = new ConfidentialClientApplication(msalConfig(certificate));
      signingWith = certificate;
    }
    return client;
  };
  const acquire = async (scope: string) => {
    lastTransportFailure = undefined;
    try {
      const result = await clientNow().acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new Error('Entra answered without an access token');
      return result.accessToken;
    } catch (err) {
      if (lastTransportFailure instanceof DomainError || isAbort(lastTransportFailure)) throw lastTransportFailure;
      throw tokenError(err, config.tenantId, config.clientId);
    }
  };
  return {
    async getToken(scope) {
      await refreshBriefly(source);
      try {
        return await acquire(scope);
      } catch (err) {
        if (!(err instanceof TenantError && REFUSED_CERTIFICATE.has(err.serviceCode))) throw err;
        // Entra refusing the certificate is what a renewal looks like from here when the old one was removed
        // from the app first: read the vault again at once, and try once more if it changed. Nothing newer,
        // and the one refused is a renewal the app does not know yet: back to the one before it.
        if (await source.refresh(true) || source.fallBack()) return acquire(scope);
        throw err;
      }
    },
  };
}

/** How long a token request waits for a due re-read of the certificate store before signing with what it has. */
const REFRESH_WAIT_MS = 1_000;

/**
 * A due re-read (a Key Vault call, up to its own retries) is waited for briefly, so a renewal is taken up by
 * the request that found it due; a slow vault does not hold the request: the re-read finishes on its own.
 */
async function refreshBriefly(source: CertificateSource): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([source.refresh(), new Promise<void>((resolve) => { timer = setTimeout(resolve, REFRESH_WAIT_MS); timer.unref(); })]);
  clearTimeout(timer);
}

/** AADSTS700027: the key is unknown to the app or expired; invalid_client: Entra's generic refusal of the credential. */
const REFUSED_CERTIFICATE = new Set(['AADSTS700027', 'invalid_client']);

function fixedCertificate(certificate: AppCertificate): CertificateSource {
  return { current: () => certificate, refresh: async () => false, fallBack: () => false };
}

function parseBody(text: string): unknown {
  try { return text ? JSON.parse(text) : {}; } catch { return { error: 'invalid_response', error_description: text.slice(0, 500) }; }
}

function plainHeaders(headers: Headers): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, key) => { plain[key] = value; });
  return plain;
}
