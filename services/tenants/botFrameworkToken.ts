// Asks Entra for the token the bot itself uses to answer Teams (scope api.botframework.com), to prove the
// bot registration's credentials. Same msal path as the tenant clients, with the network client on our
// transport, so a test can point it at a loopback token endpoint. The token is dropped at once.
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { createPrivateKey } from 'node:crypto';
import type { Logger } from '../ports.js';
import { tokenError } from './errorMessages.js';
import type { Transport } from './pipeline/transport.js';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
/** Multi-tenant bots get their token from the botframework.com tenant; single-tenant ones from their own. */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';

export interface BotCredentials {
  appId: string;
  /** 'botframework.com' or the bot's own tenant id (SingleTenant). */
  tenant: string;
  password?: string;
  /** SHA-1 thumbprint (hex) and PEM private key, as botbuilder's certificate settings take them. */
  certificate?: { thumbprint: string; privateKeyPem: string };
}

export async function botFrameworkToken(creds: BotCredentials, authorityHost: string, transport: Transport, logger: Logger): Promise<{ expiresOn?: Date }> {
  const send = async (method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }) => {
    const response = await transport(new URL(url), { method, headers: options?.headers, body: method === 'POST' ? options?.body ?? '' : undefined });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => { headers[k] = v; });
    let body: unknown;
    try { body = text ? JSON.parse(text) : {}; } catch { body = { error: 'invalid_response', error_description: text.slice(0, 300) }; }
    return { status: response.status, headers, body: body as never };
  };
  const config: Configuration = {
    auth: {
      clientId: creds.appId,
      authority: `${authorityHost.replace(/\/+$/, '')}/${creds.tenant}`,
      ...(creds.password ? { clientSecret: creds.password } : {}),
      ...(creds.certificate ? { clientCertificate: {
        thumbprint: creds.certificate.thumbprint,
        privateKey: createPrivateKey(creds.certificate.privateKeyPem).export({ format: 'pem', type: 'pkcs8' }).toString(),
      } } : {}),
    },
    system: {
      networkClient: { sendGetRequestAsync: (url, o) => send('GET', url, o), sendPostRequestAsync: (url, o) => send('POST', url, o) },
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Warning, loggerCallback: (_l, m) => logger.debug({ component: 'msal' }, m) },
    },
  };
  try {
    const result = await new ConfidentialClientApplication(config).acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] });
    if (!result?.accessToken) throw new Error('Entra answered without an access token');
    return { expiresOn: result.expiresOn ?? undefined };
  } catch (err) {
    throw tokenError(err, creds.tenant, creds.appId);
  }
}
