// A loopback stand-in for both identity services a live bot talks to, with its own RSA keys:
// - the Bot Framework channel's OpenID metadata and keys, which botbuilder checks incoming tokens against;
// - Entra's client-credentials endpoint, where botbuilder's MSAL (msal-node 2.16.3, nested in
//   botframework-connector) gets the bearer for the bot's outgoing calls.
// HTTPS, because msal refuses an http authority ("authority_uri_insecure"); the certificate is its own.
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import https, { type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import jwt from 'jsonwebtoken';
import selfsigned from 'selfsigned';

export interface IssuerRequest { method: string; host: string; path: string; form?: Record<string, string> }

export interface MintOptions {
  /** Signing key; default the issuer's own (the one its JWKS publishes). */
  key?: KeyObject;
  /** Header kid; default the published key's. */
  kid?: string;
  /** 'none' makes an unsigned token (empty signature). */
  alg?: 'RS256' | 'none';
}

export interface OpenIdIssuer {
  url: string;
  /** The `iss` of the channel's tokens (ToBotFromChannelTokenIssuer). */
  issuer: string;
  kid: string;
  /** Every request received, in order (token requests with their form fields). */
  requests: IssuerRequest[];
  /** Every access_token the token endpoint handed out. */
  issuedTokens: string[];
  /** A channel token: `iss`, `iat`, `nbf` (now - 60 s) and `exp` (now + 1 h), overridden by `claims`. */
  mint(claims: Record<string, unknown>, options?: MintOptions): string;
  /** botbuilder's own configuration keys pointing every identity call of the bot here. */
  botbuilderEnv(tenantId: string): Record<string, string>;
  /** Makes this process trust the issuer's certificate and reach it for msal's instance discovery; returns the undo. */
  routeMsalHere(): () => void;
  close(): Promise<void>;
}

/** Entra's answer to a client-credentials request, for the app ids and secrets in `clients`. */
export async function startOpenIdIssuer(clients: Record<string, string>): Promise<OpenIdIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const tls = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const requests: IssuerRequest[] = [];
  const issuedTokens: string[] = [];
  let base = '';
  const jwk = publicKey.export({ format: 'jwk' });
  // Microsoft's channel keys carry the channels they are endorsed for; botbuilder checks activity.channelId against them.
  const channelKeys = { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] };

  const server: Server = https.createServer({ key: tls.private, cert: tls.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : undefined;
      requests.push({ method: req.method ?? '', host: req.headers.host ?? '', path: url.pathname + url.search, ...(form ? { form } : {}) });
      const answer = (status: number, json: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(json)); };
      const path = url.pathname;
      let m: RegExpExecArray | null;
      if (path === '/v1/.well-known/openidconfiguration') {
        return answer(200, { issuer: base, authorization_endpoint: `${base}/v1/auth`, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (path === '/v1/.well-known/keys') return answer(200, channelKeys);
      // Emulator and skill tokens are checked against this document: no keys, so none is ever accepted.
      if (path === '/emulator/.well-known/openid-configuration') return answer(200, { issuer: `${base}/emulator`, jwks_uri: `${base}/emulator/keys` });
      if (path === '/emulator/keys') return answer(200, { keys: [] });
      // msal's instance discovery (asked of login.microsoftonline.com, routed here): "this host is its own cloud".
      if (path === '/common/discovery/instance') {
        const authority = new URL(url.searchParams.get('authorization_endpoint') ?? base);
        const tenant = authority.pathname.split('/')[1];
        return answer(200, { tenant_discovery_endpoint: `${base}/${tenant}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1',
          metadata: [{ preferred_network: authority.host, preferred_cache: authority.host, aliases: [authority.host] }] });
      }
      if ((m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) {
        const t = m[1];
        return answer(200, { issuer: `${base}/${t}/v2.0`, token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`, jwks_uri: `${base}/${t}/discovery/v2.0/keys` });
      }
      if (req.method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path))) return answer(...token(m[1]!, form ?? {}));
      return answer(404, { error: 'not_found' });
    });
  });

  // What Entra checks and answers for a client secret (error texts as Entra words them).
  function token(tenant: string, form: Record<string, string>): [number, unknown] {
    if (form.grant_type !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }];
    const secret = clients[form.client_id ?? ''];
    if (secret === undefined) return [400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.client_id}' was not found.`, error_codes: [700016] }];
    if (form.client_secret !== secret) return [401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] }];
    if (!form.scope?.endsWith('/.default')) return [400, { error: 'invalid_scope' }];
    const now = Math.floor(Date.now() / 1000);
    const accessToken = jwt.sign({ aud: form.scope.slice(0, -'/.default'.length), iss: `${base}/${tenant}/v2.0`, appid: form.client_id, tid: tenant, iat: now, nbf: now, exp: now + 3599 },
      privateKey, { algorithm: 'RS256', keyid: kid });
    issuedTokens.push(accessToken);
    return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken }];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const port = (server.address() as AddressInfo).port;

  return {
    url: base,
    issuer: base,
    kid,
    requests,
    issuedTokens,
    mint(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: base, iat: now, nbf: now - 60, exp: now + 3600, ...claims };
      if (options.alg === 'none') {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT', kid: options.kid ?? kid })}.${part(payload)}.`;
      }
      return jwt.sign(payload, options.key ?? privateKey, { algorithm: 'RS256', keyid: options.kid ?? kid });
    },
    // Each key is read by ConfigurationBotFrameworkAuthentication (botbuilder-core/lib/configurationBotFrameworkAuthentication.js)
    // and handed to BotFrameworkAuthenticationFactory.create (botframework-connector/lib/auth/botFrameworkAuthenticationFactory.js):
    // once any of them is set it uses them all as given (ParameterizedBotFrameworkAuthentication) and none of the
    // public cloud's defaults, so each is set. ValidateAuthority is read too, but msalAppCredentials.js never
    // hands it to MSAL, so it changes nothing and is left out.
    botbuilderEnv(tenantId) {
      return {
        // JwtTokenExtractor fetches this document, then its jwks_uri, for the keys of incoming tokens.
        ToBotFromChannelOpenIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
        // The only `iss` accepted from the channel (ChannelValidation_GetTokenValidationParameters).
        ToBotFromChannelTokenIssuer: base,
        // Tokens from the Emulator or another bot (skills) are checked against this document.
        ToBotFromEmulatorOpenIdMetadataUrl: `${base}/emulator/.well-known/openid-configuration`,
        // The MSAL authority of outgoing calls; not starting with https://login.microsoftonline.com/, it makes
        // passwordServiceClientCredentialFactory.js use PrivateCloudAppCredentials with this URL as it is.
        ToChannelFromBotLoginUrl: `${base}/${tenantId}`,
        // The scope asked for (+ "/.default"), the audience of the bearer the connector receives.
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        // The user token service (sign-in cards): the bot uses none; set so nothing falls back to Microsoft's.
        OAuthUrl: `${base}/oauth`,
        // What botbuilder stamps on incoming activities as callerId: the public cloud's value.
        CallerId: 'urn:botframework:azure',
      };
    },
    routeMsalHere() {
      // msal-common 14 asks https://login.microsoftonline.com/common/discovery/instance about any authority host
      // it does not know (no knownAuthorities: botbuilder passes none), and stops with endpoints_resolution_error
      // when that fails. msal sends through https.request with the global agent, so this agent stands in for the
      // network: that one host reaches the issuer, and the issuer's certificate is trusted besides the usual roots.
      const previous = https.globalAgent;
      class RouteLoginHere extends https.Agent {
        override createConnection(options: Parameters<https.Agent['createConnection']>[0], callback?: Parameters<https.Agent['createConnection']>[1]) {
          const to = (options as { host?: string }).host === 'login.microsoftonline.com' ? { ...options, host: '127.0.0.1', port, servername: undefined } : options;
          return super.createConnection(to, callback);
        }
      }
      https.globalAgent = new RouteLoginHere({ ca: [...rootCertificates, tls.cert], keepAlive: false });
      return () => { https.globalAgent = previous; };
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
