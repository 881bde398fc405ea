// One tenant failing must not blank the dashboard: its parts say so, the rest still arrives.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
// One attempt per request, so the injected 503s fail at once instead of waiting out the retry budget.
beforeAll(async () => { h = await startBotHarness({ sandbox: false, retry: { maxAttempts: 1 } }); });
afterAll(() => h.close());

describe('status with the target tenant unavailable', () => {
  it('reports the failing parts and still counts moves and source redirects', async () => {
    h.env.sandbox.setFaults({ unavailableRate: 1, hosts: ['fabrikam-admin.sharepoint.com'] });
    try {
      const text = cardText(cardOf((await h.say('status'))[0]));
      expect(text).toContain('Could not read the trust: fabrikam-admin.sharepoint.com kept answering "service unavailable" (HTTP 503)');
      expect(text).toContain('fabrikam (target): fabrikam-admin.sharepoint.com kept answering "service unavailable" (HTTP 503)');
      expect(text).toMatch(/contoso \(source\): \d+, as of \{\{DATE\(.*\)\}\} \{\{TIME\(.*\)\}\} \(just now\)\n/);
      expect(text).toContain(`completed: ${h.env.sandbox.scenario!.users.filter((u) => u.status === 'completed').length}`);
      expect(text).toContain(`Moves (${h.env.sandbox.scenario!.users.length} people in the identity map)`);
      expect(text).not.toMatch(/Simulated tenants|at .*\.ts:\d+/);
      expect(h.logText()).toContain('status: part could not be read');
    } finally {
      h.env.sandbox.setFaults({});
    }
  });

  it('answers a single-tenant command with the tenant error card', async () => {
    h.env.sandbox.setFaults({ unavailableRate: 1, hosts: ['fabrikam-admin.sharepoint.com'] });
    try {
      const text = cardText(cardOf((await h.say('host urls'))[0]));
      expect(text).toMatch(/^That didn't work\nfabrikam-admin\.sharepoint\.com kept answering "service unavailable" \(HTTP 503\)/);
    } finally {
      h.env.sandbox.setFaults({});
    }
  });
});
