// Telemetry, end to end: the real bot over HTTP on the simulated tenants, with the Azure Monitor exporter
// sending to a loopback ingestion endpoint (test/helpers/ingestion.ts). What arrives there is what would
// reach Application Insights: requests, dependencies with their status and throttling, an exception, job
// metrics and log records; and nowhere in it a UPN, a personal site, a token or a card's text.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { useSandboxManagedIdentity } from '../../services/azureCredential.js';
import { startSandbox } from '../../services/sandbox/index.js';
import { message } from '../helpers/activities.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardTexts, executeActions } from '../helpers/cards.js';
import { startIngestion, type Envelope, type Ingestion } from '../helpers/ingestion.js';
import { projectRoot } from '../helpers/settingsTheCodeReads.js';

const { admin, approver } = SANDBOX_PEOPLE;
const open: { close(): Promise<void> }[] = [];
const IDENTITY_KEYS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID'] as const;
const savedIdentity = Object.fromEntries(IDENTITY_KEYS.map((k) => [k, process.env[k]]));
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
  delete process.env.APPLICATION_INSIGHTS_NO_STATSBEAT;
  for (const k of IDENTITY_KEYS) { if (savedIdentity[k] === undefined) delete process.env[k]; else process.env[k] = savedIdentity[k]; }
});

const props = (e: Envelope) => (e.data.baseData.properties ?? {}) as Record<string, string>;
const ofType = (envelopes: Envelope[], baseType: string) => envelopes.filter((e) => e.data.baseType === baseType);
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

describe('telemetry off (no APPLICATIONINSIGHTS_CONNECTION_STRING)', () => {
  it('starts nothing of OpenTelemetry: no provider registered, nothing sent', async () => {
    const ingestion = await startIngestion();
    open.push(ingestion);
    const a = await startApprovalBot({ SANDBOX_USERS: '8' });
    const [reply] = await a.say('trust status');
    expect(cardTexts(cardIn(reply)).length).toBeGreaterThan(0);
    // The OpenTelemetry API keeps its providers on one global; a started SDK registers there.
    expect((globalThis as Record<symbol, unknown>)[OTEL_GLOBAL]).toBeUndefined();
    await a.close();
    expect(ingestion.bodies).toEqual([]);
  });

  it('imports OpenTelemetry and the distro only inside services/telemetry, and there only behind the setting', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(join(projectRoot, dir))) {
        const path = join(dir, name);
        if (statSync(join(projectRoot, path)).isDirectory()) { walk(path); continue; }
        if (!path.endsWith('.ts')) continue;
        const text = readFileSync(join(projectRoot, path), 'utf8');
        const imports = /^import (?!type )[^;]*from '(@opentelemetry\/[^']+|@azure\/monitor-opentelemetry[^']*)'/m.test(text);
        const allowed = path.startsWith(join('services', 'telemetry')) && path !== join('services', 'telemetry', 'telemetry.ts');
        if (imports && !allowed) offenders.push(path);
      }
    };
    for (const dir of ['bot', 'services', 'cards']) walk(dir);
    expect(offenders).toEqual([]);
  });
});

describe('telemetry on', () => {
  let ingestion: Ingestion;
  let a: ApprovalBot;
  let cardLines: string[] = [];
  let everyByte = '';
  let envelopes: Envelope[] = [];

  it('sends requests, tenant calls (throttled ones marked), an exception, job metrics and log records', async () => {
    // Statsbeat (the SDK's own health figures) goes to a fixed Microsoft endpoint, not the connection string's:
    // off here, where nothing may leave the machine.
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
    ingestion = await startIngestion();
    open.push(ingestion);
    // Every SharePoint and Graph call is refused once in three with 429 (Retry-After 0), at most once per call.
    a = await startApprovalBot(
      { SANDBOX_USERS: '8', LOG_LEVEL: 'warn', APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString },
      { telemetryTlsCa: ingestion.ca, sandboxOptions: { faults: { throttleRate: 0.34, retryAfterSeconds: 0, faultsPerCallAtMost: 1 } } },
    );
    const scenario = a.bot.sandbox!.scenario!;
    const person = scenario.users.find((u) => u.status === 'completed')!;

    // Reads with a UPN in their Graph addresses: a Graph function's argument, a path segment.
    const [moveReply] = await a.say(`move status ${person.sourceUpn}`);
    const [backReply] = await a.say(`migrate back ${person.targetUpn} to ${person.sourceUpn}`);
    // A plan approved on its card and run: job items and the finished job.
    const [planReply] = await a.say('remove trust both');
    const approve = executeActions(cardIn(planReply)).find((b) => b.verb === 'approve')!;
    const activityId = activityIdOf(a.connector, planReply!);
    await a.click('approve', approve.data, approver, activityId);
    await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`) && /Done: all \d+ finished/.test(cardTexts(cardIn(c)).join('\n')), 30_000);
    // An unexpected error: the reply cannot reach Teams (nothing listens at this serviceUrl).
    const lost = await a.post({ ...message('help', admin, { tenantId: a.options.tenantId, serviceUrl: 'http://127.0.0.1:9/' }), id: 'unreachable-reply' });
    expect(lost.status).toBeLessThan(500);

    cardLines = [moveReply, backReply, planReply].flatMap((r) => cardTexts(cardIn(r))).filter((l) => l.length >= 24);
    // Closing flushes: nothing is left to an export interval.
    await a.close();
    everyByte = ingestion.bodies.join('\n');
    envelopes = ingestion.envelopes();

    const requests = ofType(envelopes, 'RequestData');
    expect(requests.map((r) => r.data.baseData.name)).toContain('POST /api/messages');
    expect(requests.map((r) => `${props(r)['bot.activity.type']} ${props(r)['bot.card.verb'] ?? '-'} ${r.data.baseData.responseCode}`))
      .toEqual(expect.arrayContaining(['message - 200', 'invoke approve 200']));

    const calls = ofType(envelopes, 'RemoteDependencyData');
    const hosts = new Set(calls.map((d) => d.data.baseData.target));
    expect([...hosts]).toEqual(expect.arrayContaining(['graph.microsoft.com', 'contoso-admin.sharepoint.com', 'fabrikam-admin.sharepoint.com', 'login.microsoftonline.com']));
    for (const d of calls) {
      expect(d.data.baseData).toMatchObject({ type: 'Http', resultCode: expect.stringMatching(/^\d{3}$/), duration: expect.any(String) });
      expect(props(d)['tenant.side']).toMatch(/^(source|target)$/);
    }
    const throttled = calls.filter((d) => props(d)['tenant.throttled'] === 'true');
    expect(throttled.length).toBeGreaterThan(0);
    for (const d of throttled) {
      expect(props(d)).toMatchObject({ 'tenant.retried': 'true', 'tenant.retry_after_ms': '0' });
      expect(Number(props(d)['tenant.attempts'])).toBeGreaterThanOrEqual(2);
      // Refused once at most (faultsPerCallAtMost): the call's own answer came on a later try.
      expect(d.data.baseData.resultCode).not.toBe('429');
    }
    expect(calls.some((d) => props(d)['tenant.throttled'] === 'false' && props(d)['tenant.attempts'] === '1')).toBe(true);
    // The person's move and account, read by UPN, are there by their routes alone.
    expect(calls.map((d) => String(d.data.baseData.data))).toEqual(expect.arrayContaining([
      'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/getBySourceUserPrincipalName(:id)',
      'https://graph.microsoft.com/v1.0/users/:id',
    ]));

    const exceptions = ofType(envelopes, 'ExceptionData');
    expect(exceptions.length).toBeGreaterThan(0);
    const exception = (exceptions[0]!.data.baseData.exceptions as { typeName: string; message: string; stack: string }[])[0]!;
    expect(exception.stack.length).toBeGreaterThan(0);
    // Under the request it happened in.
    expect(requests.map((r) => r.tags['ai.operation.id'])).toContain(exceptions[0]!.tags['ai.operation.id']);

    const metrics = ofType(envelopes, 'MetricData').flatMap((m) => (m.data.baseData.metrics as { name: string; value: number }[]).map((x) => ({ ...x, props: props(m) })));
    const items = metrics.filter((m) => m.name === 'bot.job.items');
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ props: { 'job.plan_kind': 'remove-trust', 'job.outcome': 'done' } })]));
    expect(items.reduce((n, m) => n + m.value, 0)).toBeGreaterThanOrEqual(3);
    expect(metrics.filter((m) => m.name === 'bot.job.finished')).toEqual([expect.objectContaining({ value: 1, props: { 'job.plan_kind': 'remove-trust', 'job.outcome': 'done' } })]);

    // The log goes with them: the retries were logged (warn) and arrive as traces.
    const logs = ofType(envelopes, 'MessageData');
    expect(logs.map((l) => l.data.baseData.message)).toContain('transient failure, retrying');
    expect(logs.find((l) => l.data.baseData.message === 'transient failure, retrying')!.data.baseData.severityLevel).toBe('Warning');
  }, 60_000);

  it('sends no UPN, personal site, e-mail address, token or card text, in any byte', () => {
    expect(everyByte.length).toBeGreaterThan(0);
    const people = a.bot.sandbox!.scenario!.users.flatMap((u) => [u.sourceUpn, u.targetUpn]);
    for (const upn of people) {
      for (const form of [upn, encodeURIComponent(upn), upn.replace(/[@.]/g, '_'), upn.split('@')[0]!].filter((f) => f.length >= 6)) {
        expect(everyByte.toLowerCase()).not.toContain(form.toLowerCase());
      }
    }
    expect(everyByte).not.toMatch(/[\w.%+'-]+(@|%40)[\w-]+\.[\w.-]+/);
    expect(everyByte).not.toMatch(/\/personal\/(?!:id)/);
    expect(everyByte).not.toMatch(/eyJ[\w-]{6,}\./);
    expect(everyByte).not.toMatch(/Bearer\s+(?!\[token\])/);
    for (const line of cardLines) expect(everyByte).not.toContain(line);
    expect(cardLines.length).toBeGreaterThan(2);
  });
});

describe('telemetry on, with a managed identity', () => {
  it('signs ingestion in with the identity\'s Entra token for Azure Monitor, as the template\'s resource requires', async () => {
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
    const ingestion = await startIngestion();
    open.push(ingestion);
    const sandbox = await startSandbox({ users: 8 });
    open.push(sandbox);
    // As App Service sets them for a web app with the template's user-assigned identity.
    useSandboxManagedIdentity(sandbox.managedIdentity);
    const a = await startApprovalBot(
      { APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT!, AZURE_CLIENT_ID: process.env.AZURE_CLIENT_ID! },
      { telemetryTlsCa: ingestion.ca, sandbox },
    );
    await a.say('trust status');
    await a.close();
    expect(ingestion.bodies.length).toBeGreaterThan(0);
    const tokens = ingestion.authorizations.map((h) => /^Bearer (.+)$/.exec(h ?? '')?.[1]);
    expect(tokens.every(Boolean)).toBe(true);
    expect(jwt.decode(tokens[0]!)).toMatchObject({ aud: 'https://monitor.azure.com', oid: sandbox.managedIdentity.principalId });
  });
});
