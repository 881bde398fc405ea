// Card edits are throttled per plan: the first goes out at once, then at most one per interval, each
// drawn from the latest record, and the last state always arrives.
import { describe, expect, it } from '@jest/globals';
import { TurnContext, TestAdapter, type Activity, type ConversationReference } from 'botbuilder';
import { TeamsMessenger, type ProactiveAdapter } from '../../bot/teamsMessenger.js';
import type { PlanRecord } from '../../services/approvals/types.js';
import { memoryLogger } from '../helpers/logs.js';
import { waitFor } from '../helpers/waitFor.js';

interface Sent { kind: 'send' | 'update'; reference: Partial<ConversationReference>; activity: Partial<Activity> }

function recordingAdapter(): { adapter: ProactiveAdapter; sent: Sent[] } {
  const sent: Sent[] = [];
  const test = new TestAdapter(async () => {});
  const adapter: ProactiveAdapter = {
    continueConversationAsync: async (_appId, reference, logic) => {
      const context = new TurnContext(test, TurnContext.applyConversationReference({ type: 'event', id: 'continuation' }, reference, true));
      // Recorded after the later handlers (the messenger's own) have had their say.
      context.onSendActivities(async (_c, activities, next) => {
        const result = await next();
        activities.forEach((a) => sent.push({ kind: 'send', reference, activity: { ...a } }));
        return result;
      });
      context.onUpdateActivity(async (_c, activity, next) => { sent.push({ kind: 'update', reference, activity }); return next(); });
      await logic(context);
    },
  };
  return { adapter, sent };
}

const address = { conversationId: '19:approvals@thread.tacv2', serviceUrl: 'https://smba.example/', tenantId: 't1', activityId: 'card-1' };
function rec(done: number, state: PlanRecord['state'] = 'running', planId = 'p-7k3m9q2x'): PlanRecord {
  return { plan: { id: planId } as PlanRecord['plan'], state, card: address, progress: { total: 100, done, failed: 0, skipped: 0 } };
}

function messenger(intervalMs: number) {
  const { adapter, sent } = recordingAdapter();
  // When each edit was let go: the messenger draws the card in the same step as the throttle releases it, so its
  // pacing is measured there, not a few async hops later where a busy machine may record one edit late.
  const releasedAt: number[] = [];
  const m = new TeamsMessenger({
    adapter, appId: '', logger: memoryLogger().logger, minIntervalMs: intervalMs,
    render: async (r) => {
      releasedAt.push(Date.now());
      return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `${r.state} ${r.progress.done}` }] };
    },
  });
  const texts = () => sent.filter((s) => s.kind === 'update').map((s) => (s.activity.attachments![0]!.content as { body: { text: string }[] }).body[0]!.text);
  return { m, sent, texts, releasedAt };
}


describe('TeamsMessenger', () => {
  it('sends the first edit at once, then one per interval with the latest state, and never drops the final one', async () => {
    const { m, sent, texts, releasedAt } = messenger(300);
    const started = Date.now();
    for (let done = 1; done <= 50; done++) await m.planChanged(rec(done));
    await m.planChanged(rec(100, 'done'));
    const calledFor = Date.now() - started;
    // Not flush(): that sends what waits at once. The last edit comes when its interval is over.
    await waitFor('the final edit', () => texts().at(-1) === 'done 100', 10_000, 5);
    expect(texts()[0]).toBe('running 1');
    expect(texts().at(-1)).toBe('done 100');
    const updates = sent.filter((s) => s.kind === 'update');
    // One per interval, whatever the machine's pace: spaced by it (timers may round a millisecond early), and no
    // more than the time taken allows.
    expect(releasedAt).toHaveLength(updates.length);
    for (let i = 1; i < releasedAt.length; i++) expect(releasedAt[i]! - releasedAt[i - 1]!).toBeGreaterThanOrEqual(298);
    expect(updates.length).toBeLessThanOrEqual(2 + Math.floor(calledFor / 300));
    // Each drawn from the latest record at its time: the states only move forward.
    const done = texts().map((t) => Number(t.split(' ')[1]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new Set(done).size).toBe(done.length);
    expect(updates.every((u) => u.activity.id === 'card-1' && u.reference.conversation?.id === address.conversationId)).toBe(true);
  });

  it('waits out the interval between two edits of one plan, but not across plans', async () => {
    const { m, texts, releasedAt } = messenger(250);
    await m.planChanged(rec(1));
    await m.planChanged(rec(2));
    // Another plan's edit, asked for after the first plan's held one: it does not queue behind it.
    await m.planChanged(rec(7, 'running', 'p-other000'));
    await waitFor('three edits', () => texts().length >= 3, 10_000, 5).catch(() => undefined);
    expect(texts()).toEqual(['running 1', 'running 7', 'running 2']);
    expect(releasedAt[2]! - releasedAt[0]!).toBeGreaterThanOrEqual(248);
    await m.close();
  });

  it('posts new messages (not replies) and notifies with text', async () => {
    const { m, sent } = messenger(0);
    const { activityId: _a, ...chat } = address;
    await m.post(chat, { type: 'AdaptiveCard', version: '1.5', body: [] });
    await m.notify(chat, 'Reminder: trust is still in place.');
    expect(sent.map((s) => s.kind)).toEqual(['send', 'send']);
    expect(sent.every((s) => s.activity.replyToId === undefined)).toBe(true);
    expect(sent[1]!.activity.text).toBe('Reminder: trust is still in place.');
    expect(sent[0]!.reference).toMatchObject({ channelId: 'msteams', serviceUrl: address.serviceUrl, conversation: { id: address.conversationId, tenantId: 't1' } });
  });
});
