import { describe, expect, it } from '@jest/globals';
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

  it('writes nothing below its level', () => {
    const { logger, lines } = memoryLogger('warn');
    logger.info({ a: 1 }, 'quiet');
    logger.warn({ a: 2 }, 'loud');
    expect(lines().map((l) => l.msg)).toEqual(['loud']);
  });
});
