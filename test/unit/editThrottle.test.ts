// The one pace for card edits (plan cards, job progress, reading cards, tracking cards): per key, the
// first edit at once, then at most one per interval with the latest value, the last never dropped.
import { describe, expect, it } from '@jest/globals';
import { EditThrottle } from '../../services/core/editThrottle.js';

interface Sent { key: string; value: number; at: number }

function throttle(intervalMs: number, o: { merge?: (a: number, b: number) => number; failOn?: number; slowMs?: number } = {}) {
  const sent: Sent[] = [];
  const failures: unknown[] = [];
  const t = new EditThrottle<string, number>({
    intervalMs,
    merge: o.merge,
    send: async (key, value) => {
      sent.push({ key, value, at: Date.now() });
      if (o.slowMs) await new Promise((r) => setTimeout(r, o.slowMs));
      if (value === o.failOn) throw new Error(`refused ${value}`);
    },
    failed: (_key, err) => { failures.push(err); },
  });
  return { t, sent, failures, values: (key = 'p') => sent.filter((s) => s.key === key).map((s) => s.value) };
}

describe('EditThrottle', () => {
  it('sends the first value at once, then the latest once per interval, and never drops the last', async () => {
    const { t, sent, values } = throttle(200);
    const started = Date.now();
    for (let v = 1; v <= 30; v++) t.change('p', v);
    expect(values()).toEqual([1]);
    await t.settled('p');
    expect(values()).toEqual([1, 30]);
    expect(sent[1]!.at - started).toBeGreaterThanOrEqual(190);
  });

  it('paces each key on its own', async () => {
    const { t, values } = throttle(300);
    t.change('p', 1);
    t.change('p', 2);
    t.change('q', 7);
    expect(values('q')).toEqual([7]);
    await t.settled('p');
    expect(values('p')).toEqual([1, 2]);
  });

  it('folds a waiting value into the next with merge (a completed move is not lost to a later change)', async () => {
    const { t, values } = throttle(150, { merge: (a, b) => a * 100 + b });
    t.change('p', 1);
    t.change('p', 2);
    t.change('p', 3);
    await t.settled('p');
    expect(values()).toEqual([1, 203]);
  });

  it('drops what waits on cancel, after the send in flight has finished', async () => {
    const { t, values } = throttle(150, { slowMs: 100 });
    t.change('p', 1);
    t.change('p', 2);
    await t.cancel('p');
    await new Promise((r) => setTimeout(r, 300));
    expect(values()).toEqual([1]);
  });

  it('sends the next value after a failed one, and reports the failure', async () => {
    const { t, values, failures } = throttle(50, { failOn: 1 });
    t.change('p', 1);
    t.change('p', 2);
    await t.settled('p');
    expect(values()).toEqual([1, 2]);
    expect(failures.map(String)).toEqual(['Error: refused 1']);
  });

  it('flush sends what waits without waiting out the interval', async () => {
    const { t, values } = throttle(60_000);
    t.change('p', 1);
    t.change('p', 2);
    const started = Date.now();
    await t.flush();
    expect(values()).toEqual([1, 2]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
