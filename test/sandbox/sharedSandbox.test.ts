// Several bot instances on one standalone sandbox (SANDBOX_URL): each joins through the sandbox's control
// route, and what one instance changes the other sees, because there is one pair of simulated tenants
// and one simulated Teams.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../bot/config.js';
import { startBot } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { checkSetup } from '../../bot/setupCheckRunner.js';
import { ConfigError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { joinSandbox } from '../../services/sandbox/join.js';
import { cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText } from '../helpers/cards.js';
import { approveAndFinish, askPlan } from '../guidance/campaignHelpers.js';

let sandbox: SandboxHandle;
let a: ApprovalBot;
let b: ApprovalBot;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 30, seed: 5 });
  const shared = { SANDBOX_URL: sandbox.url };
  [a, b] = await Promise.all([
    startApprovalBot(shared, {}, sandbox.target.tenantId),
    startApprovalBot(shared, {}, sandbox.target.tenantId),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await sandbox?.close();
});

const redirectCount = async (bot: ApprovalBot) => {
  const text = cardText(cardIn((await bot.say('list redirects'))[0]));
  const inAll = /\d+ in all/.test(text) ? Number(/(\d+) in all/.exec(text)![1]) : undefined;
  return inAll ?? (text.match(/^https:\/\/contoso-my\.sharepoint\.com\/personal\//gm) ?? []).length;
};

describe('a shared sandbox', () => {
  it('publishes what an instance needs on its control route, which no fault knob touches', async () => {
    sandbox.setFaults({ throttleRate: 1, unavailableRate: 0 });
    try {
      const joined = await joinSandbox(`${sandbox.url}/`);
      expect(joined.url).toBe(sandbox.url);
      expect(joined.source.tenantId).toBe(sandbox.source.tenantId);
      expect(joined.target.privateKeyPem).toBe(sandbox.target.privateKeyPem);
      expect(joined.connectorServiceUrl).toBe(sandbox.connectorServiceUrl);
      expect(joined.identityMapCsv()).toBe(sandbox.identityMapCsv());
      expect(joined.licenceExpiry).toBe(sandbox.licenceExpiry);
    } finally {
      sandbox.setFaults({});
    }
    const refused = await fetch(`${sandbox.url}/_sandbox/rehearsal`, { method: 'POST' });
    expect(refused.status).toBe(405);
    expect((await fetch(`${sandbox.url}/_sandbox/inbox`)).status).toBe(400);
    // Only on the loopback address: a request naming a Microsoft host never reaches the control route.
    const asGraph = await fetch(`${sandbox.url}/_sandbox/rehearsal`, { headers: { 'x-original-host': 'graph.microsoft.com' } });
    // Graph's own answer for a path it does not have: not found, not the control route, not a failure.
    expect(asGraph.status).toBe(404);
    expect(await asGraph.text()).not.toContain('tenantId');
  });

  it('two instances see one pair of tenants: a redirect removed through one is gone for the other', async () => {
    const before = await redirectCount(a);
    expect(before).toBeGreaterThan(2);
    expect(await redirectCount(b)).toBe(before);
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed' && !u.targetUpn.includes("'")
      && sandbox.scenario!.heldRedirectUrl !== u.sourceSiteUrl && sandbox.scenario!.recycledRedirectUrl !== u.sourceSiteUrl
      && !sandbox.scenario!.lockedRedirects?.includes(u.sourceSiteUrl))!;
    const plan = await askPlan(a, `remove redirects for ${user.sourceUpn}`);
    await approveAndFinish(a, plan, /1 of 1 redirect site\(s\) removed/);
    expect(sandbox.changes().filter((c) => c.method === 'RemoveSite' && c.outcome === 'ok')).toHaveLength(1);
    // Each instance here keeps its own store: the other lists from its own snapshot until it reads the
    // tenant again (in the background, or now with refresh), and then sees the site gone.
    await b.say('refresh');
    expect(await redirectCount(b)).toBe(before - 1);
  }, 60_000);

  it('two instances see one Teams: a card sent by one is in the inbox the other reads', async () => {
    const person = sandbox.scenario!.users.find((u) => u.status === 'completed' && !u.targetUpn.includes("'")
      && !(sandbox.scenario!.blockedUpns ?? []).includes(u.targetUpn))!;
    const plan = await askPlan(a, `notify users ${person.targetUpn}`);
    await approveAndFinish(a, plan, /guidance card\(s\) sent/);
    expect(a.bot.sandbox).toBeUndefined(); // `a` started no simulated tenants of its own
    expect(sandbox.inbox(person.targetUpn)).toHaveLength(1);
    const replies = await b.say(`sandbox inbox ${person.targetUpn}`, SANDBOX_PEOPLE.admin);
    expect(cardText(cardIn(replies[0]))).toMatch(/\b1 message/);
  }, 60_000);

  it('the setup check joins the shared sandbox and finds it working', async () => {
    const report = await checkSetup({ SANDBOX_URL: sandbox.url, LOG_LEVEL: 'silent' });
    expect(report.mode).toBe('sandbox');
    expect(report.items.filter((i) => i.ok === false)).toEqual([]);
    expect(report.items.filter((i) => i.ok === true).length).toBeGreaterThan(10);
  }, 60_000);
});

describe('joining a sandbox that is not there, or not alone', () => {
  it('says where nothing answers and what to start, and the bot does not start', async () => {
    const gone = await startSandbox({ users: 5 });
    const url = gone.url;
    await gone.close();
    await expect(joinSandbox(url)).rejects.toThrow(ConfigError);
    await expect(joinSandbox(url)).rejects.toThrow(/no sandbox answers at http:\/\/127\.0\.0\.1:\d+ .*npm run sandbox/);
    await expect(startBot({ PORT: '0', SANDBOX_URL: url, LOG_LEVEL: 'silent', STORAGE: 'file:./data-never-written' })).rejects.toThrow(/SANDBOX_URL: no sandbox answers/);
  });

  it('refuses sandbox knobs on a bot that joins a shared sandbox: they are the sandbox\'s own', () => {
    expect(() => loadConfig({ SANDBOX_URL: 'http://127.0.0.1:5980', SANDBOX_USERS: '40', SANDBOX_THROTTLE_RATE: '0.1' }))
      .toThrow(ConfigError);
    expect(() => loadConfig({ SANDBOX_URL: 'http://127.0.0.1:5980', SANDBOX_USERS: '40' }))
      .toThrow(/SANDBOX_USERS: with SANDBOX_URL these belong to the shared sandbox/);
  });
});
