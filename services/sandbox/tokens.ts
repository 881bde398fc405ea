// Entra side of the sandbox: checks a client assertion the way Entra does and issues access tokens.
import { X509Certificate, constants, createHash, createPublicKey, generateKeyPairSync, randomUUID, verify, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** How far an assertion's times may be off before it is refused (Entra allows a few minutes). */
const CLOCK_SKEW_S = 300;
const TOKEN_LIFETIME_S = 3599;

export interface SigningKey { privateKeyPem: string; publicKeyPem: string }

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export type AssertionProblem =
  | { kind: 'malformed' }
  | { kind: 'unknownKey'; thumbprint: string }
  | { kind: 'badSignature'; thumbprint: string }
  | { kind: 'audience'; audience: string }
  | { kind: 'subject' }
  | { kind: 'expired'; exp: number; nbf: number }
  | { kind: 'keyExpired'; thumbprint: string; validFrom: string; validTo: string };

interface JoseHeader { alg?: string; x5t?: string; 'x5t#S256'?: string }
interface AssertionClaims { aud?: string; iss?: string; sub?: string; exp?: number; nbf?: number }

function decodePart<T>(part: string): T | undefined {
  try { return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T; } catch { return undefined; }
}

function thumbprints(certPem: string): { s256: string; s1: string; cert: X509Certificate } {
  const cert = new X509Certificate(certPem);
  return {
    cert,
    s256: createHash('sha256').update(cert.raw).digest('base64url'),
    s1: createHash('sha1').update(cert.raw).digest('base64url'),
  };
}

/** Checks signature (PS256 + x5t#S256 or RS256 + x5t), audience, iss = sub = client id and the time window. */
export function checkAssertion(assertion: string, certPem: string, clientId: string, audiences: string[], now = Date.now()): AssertionProblem | null {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { kind: 'malformed' };
  const header = decodePart<JoseHeader>(parts[0]);
  const claims = decodePart<AssertionClaims>(parts[1]);
  if (!header || !claims) return { kind: 'malformed' };
  const tp = thumbprints(certPem);
  const sent = header['x5t#S256'] ?? header.x5t ?? '';
  const keyMatches = header.alg === 'PS256' ? header['x5t#S256'] === tp.s256
    : header.alg === 'RS256' ? header.x5t === tp.s1 || header['x5t#S256'] === tp.s256 : false;
  if (!keyMatches) return { kind: 'unknownKey', thumbprint: sent };
  // Entra keeps a registered key's start and end dates and refuses assertions outside them.
  const validFrom = Date.parse(tp.cert.validFrom);
  const validTo = Date.parse(tp.cert.validTo);
  if (now < validFrom || now > validTo) return { kind: 'keyExpired', thumbprint: sent, validFrom: tp.cert.validFrom, validTo: tp.cert.validTo };
  const padding = header.alg === 'PS256' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: tp.cert.publicKey, padding, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, Buffer.from(parts[2], 'base64url'));
  if (!ok) return { kind: 'badSignature', thumbprint: sent };
  if (!audiences.includes(String(claims.aud ?? '').toLowerCase())) return { kind: 'audience', audience: String(claims.aud) };
  if (claims.iss !== clientId || claims.sub !== clientId) return { kind: 'subject' };
  const nowS = Math.floor(now / 1000);
  const exp = Number(claims.exp ?? 0);
  const nbf = Number(claims.nbf ?? 0);
  if (exp + CLOCK_SKEW_S < nowS || nbf - CLOCK_SKEW_S > nowS) return { kind: 'expired', exp, nbf };
  return null;
}

export interface AccessClaims { aud: string; tid: string; appid: string; oid?: string; roles: string[]; exp: number }

/**
 * Issues an access token. Shape is a simplified v1 app-only token: the `aud` is the resource URL as
 * requested (real SharePoint tokens carry `00000003-0000-0ff1-ce00-000000000000/<host>@<tid>`; inferred
 * simplification, clients must treat tokens as opaque anyway).
 */
export function issueAccessToken(key: SigningKey, c: { aud: string; tid: string; appid: string; roles: string[]; oid?: string }): string {
  return jwt.sign(
    { aud: c.aud, iss: `https://sts.windows.net/${c.tid}/`, tid: c.tid, appid: c.appid, appidacr: '2', roles: c.roles,
      oid: c.oid ?? c.appid, sub: c.oid ?? c.appid, idtyp: 'app', ver: '1.0', uti: randomUUID() },
    key.privateKeyPem, { algorithm: 'RS256', expiresIn: TOKEN_LIFETIME_S, keyid: 'sandbox', notBefore: -300 },
  );
}

export const ACCESS_TOKEN_LIFETIME_S = TOKEN_LIFETIME_S;

export type BearerCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

// jsonwebtoken parses a PEM string into a key on every verify; at thousands of requests a second that
// parsing was the sandbox's largest cost, so each signing key's public key is parsed once.
const publicKeys = new WeakMap<SigningKey, KeyObject>();
function publicKeyOf(key: SigningKey): KeyObject {
  let parsed = publicKeys.get(key);
  if (!parsed) publicKeys.set(key, parsed = createPublicKey(key.publicKeyPem));
  return parsed;
}

/** Reads `Authorization: Bearer …` and verifies it was issued by this sandbox and is still valid. */
export function checkBearer(key: SigningKey, authorization: string | undefined): BearerCheck {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!m) return { ok: false, reason: 'missing' };
  try {
    const claims = jwt.verify(m[1].trim(), publicKeyOf(key), { algorithms: ['RS256'] }) as AccessClaims;
    return { ok: true, claims: { ...claims, roles: Array.isArray(claims.roles) ? claims.roles : [] } };
  } catch (e) {
    return { ok: false, reason: e instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
}
