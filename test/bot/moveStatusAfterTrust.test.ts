// Once the trust is gone Graph answers 422 for move states: move status answers from the states the
// trust plan recorded first, and says so.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MoveRecordStore } from '../../services/approvals/moveRecordStore.js';
import { cardText } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
beforeAll(async () => { h = await startBotHarness(); });
afterAll(() => h.close());

describe('move status after trust removal', () => {
  it('answers from the recorded final state when the tenant answers 422', async () => {
    const person = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const state = await h.env.tenants.source.getMoveState(person.sourceUpn);
    await (h.path.recordedMoves as MoveRecordStore).putAll([{ sourceUpn: person.sourceUpn, state, recordedAt: '2026-11-20T08:30:00.000Z', planId: 'p-7k3m9q2x' }]);
    await h.env.tenants.source.removeTrust('Target', await h.env.tenants.target.getHostUrl());
    await expect(h.env.tenants.source.getMoveState(person.sourceUpn)).rejects.toMatchObject({ httpStatus: 422 });
    const text = cardText(cardOf((await h.say(`move status ${person.targetUpn}`))[0]));
    expect(text).toContain('As recorded on {{DATE(2026-11-20T08:30:00Z, SHORT)}} {{TIME(2026-11-20T08:30:00Z)}}, before the cross-tenant trust was removed');
    expect(text).toContain(`Status: completed\nSource UPN: ${person.sourceUpn}`);
  });

  it('still says what to do for someone nothing was recorded for', async () => {
    const other = h.env.sandbox.scenario!.users.find((u) => u.status === 'failed')!;
    const text = cardText(cardOf((await h.say(`move status ${other.sourceUpn}`))[0]));
    expect(text).toContain('Use the move states recorded before trust was removed');
  });
});
