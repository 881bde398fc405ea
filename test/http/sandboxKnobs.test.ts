// npm start's simulated tenants take the same SANDBOX_* knobs as `npm run sandbox`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { startBot } from '../../bot/index.js';

describe('in-process simulated tenants', () => {
  it('are seeded with SANDBOX_USERS people and answer with SANDBOX_LATENCY_MS of delay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pmb-knobs-'));
    const bot = await startBot({ PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'silent', SANDBOX_USERS: '30', SANDBOX_LATENCY_MS: '150', ANSWER_WITHIN_MS: '10000' });
    try {
      const users = bot.sandbox!.identityMapCsv().split('\n').filter((l) => l.startsWith('User,'));
      expect(users).toHaveLength(30);
      const started = Date.now();
      const res = await fetch(`${bot.sandbox!.url}/v1.0/users`, { headers: { 'x-original-host': 'graph.microsoft.com' } });
      expect(res.status).toBe(401); // no token: but only after the configured delay
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await bot.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
