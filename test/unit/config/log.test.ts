import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../../../services/log.js';
import { memoryLogger } from '../../helpers/logs.js';

describe('logger', () => {
  it('redacts authorization headers, tokens, keys and passwords at any usual depth', () => {
    const { logger, text, lines } = memoryLogger('info');
    logger.child({ tenant: 'source' }).info({
      headers: { authorization: 'Bearer eyJsecret1' },
      request: { headers: { Authorization: 'Bearer eyJsecret2' } },
      token: 'secret3',
      config: { MicrosoftAppPassword: 'secret4', privateKeyPem: '-----BEGIN PRIVATE KEY-----secret5' },
      access_token: 'secret6',
      kept: 'visible',
    }, 'outbound call');
    expect(text()).not.toMatch(/secret\d/);
    const [line] = lines();
    expect(line).toMatchObject({ msg: 'outbound call', tenant: 'source', kept: 'visible', token: '[redacted]', headers: { authorization: '[redacted]' } });
  });

  it('hands its second destination (telemetry\'s log records) the same redacted lines, at the same level', () => {
    const written: string[] = [];
    const telemetry: string[] = [];
    const destination = new Writable({ write(chunk, _enc, done) { written.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'info', destination, alsoTo: { write: (line) => { telemetry.push(line); } } });
    logger.child({ tenant: 'target' }).info({ token: 'secret1', headers: { authorization: 'Bearer secret2' }, planId: 'p-1' }, 'call');
    logger.debug({ token: 'secret3' }, 'below the level');
    expect(telemetry).toHaveLength(1);
    expect(telemetry.join('')).not.toMatch(/secret\d/);
    expect(JSON.parse(telemetry[0]!)).toMatchObject({ msg: 'call', tenant: 'target', planId: 'p-1', token: '[redacted]' });
    expect(written).toEqual(telemetry);
  });

  it('redacts client secrets, connection strings, refresh tokens and private keys by name', () => {
    const { logger, text } = memoryLogger('info');
    logger.info({
      auth: { clientSecret: 'secret1', client_secret: 'secret2', refresh_token: 'secret3' },
      storage: { connectionString: 'DefaultEndpointsProtocol=https;AccountKey=secret4' },
      cert: { private_key: '-----BEGIN PRIVATE KEY-----secret5' },
      headers: { cookie: 'session=secret6', 'proxy-authorization': 'Basic secret7' },
    }, 'config dump');
    expect(text()).not.toMatch(/secret\d/);
  });

  it('redacts the managed-identity endpoint\'s secret, as a setting and as a header', () => {
    const { logger, text } = memoryLogger('info');
    logger.info({ env: { IDENTITY_ENDPOINT: 'http://localhost:41741/msi/token', IDENTITY_HEADER: 'secret1' }, request: { headers: { 'x-identity-header': 'secret2' } } }, 'identity');
    expect(text()).not.toMatch(/secret\d/);
    expect(text()).toContain('http://localhost:41741/msi/token');
  });

  it('redacts secrets in a child logger\'s bindings, in arrays, and in headers three objects down', () => {
    const { logger, text, lines } = memoryLogger('info');
    logger.child({ auth: { clientSecret: 'secret1' } }).info({
      calls: [{ headers: { cookie: 'session=secret2' } }, { status: 200 }],
      outbound: { request: { options: { headers: { authorization: 'Bearer secret3' } } } },
    }, 'outbound calls');
    expect(text()).not.toMatch(/secret\d/);
    expect(lines()[0]).toMatchObject({ calls: [{ headers: { cookie: '[redacted]' } }, { status: 200 }] });
  });

  it("leaves the caller's object as it was, and an Error logged is still written as one", () => {
    const { logger, text, lines } = memoryLogger('info');
    const err = Object.assign(new Error('connection refused'), { request: { headers: { authorization: 'Bearer secret1' } } });
    const logged = { err, plan: 'p-7k3m9q2x' };
    logger.error(logged, 'send failed');
    expect(err.request.headers.authorization).toBe('Bearer secret1');
    expect(logged.err).toBe(err);
    expect(text()).not.toMatch(/secret1/);
    const line = lines()[0] as { err: { message: string; stack: string; request: unknown } };
    expect(line.err.message).toBe('connection refused');
    expect(line.err.stack).toMatch(/^Error: connection refused/);
    expect(line.err.request).toEqual({ headers: { authorization: '[redacted]' } });
  });

  it("logs an item's key, so a job's log says which item failed", () => {
    const { logger, lines } = memoryLogger('info');
    logger.child({ plan: 'p-7k3m9q2x' }).error({ key: 'remove-redirect:https://contoso-my.sharepoint.com/personal/bob_contoso_com', err: 'boom' }, 'item failed unexpectedly');
    expect(lines()[0]).toMatchObject({ key: 'remove-redirect:https://contoso-my.sharepoint.com/personal/bob_contoso_com' });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = memoryLogger('warn');
    logger.info({ a: 1 }, 'quiet');
    logger.warn({ a: 2 }, 'loud');
    expect(lines().map((l) => l.msg)).toEqual(['loud']);
  });
});
