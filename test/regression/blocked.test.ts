// Preflight refusals: a missing reverse trust blocks the plan (no Approve, the exact PowerShell per tenant
// shown, nothing changed or tracked); a second request for someone already being moved back is refused.
import { afterAll, describe, expect, it } from '@jest/globals';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardIn, type ApprovalBot } from '../helpers/approvalBot.js';
import { askMoveBack, moveBackText, plainUser, regressionBot } from './helpers.js';

const open: ApprovalBot[] = [];
afterAll(async () => { await Promise.all(open.map((a) => a.close())); });

describe('migrate back preflight', () => {
  it('without reverse trust: blocked, with the PowerShell each tenant must run', async () => {
    const a = await regressionBot({ sandboxOptions: { reverseTrust: 'none' } });
    open.push(a);
    const u = plainUser(a);
    const asked = await askMoveBack(a, u);
    expect(asked.data).toBeUndefined();
    expect(executeActions(asked.card)).toEqual([]);
    expect(asked.text).toContain('Not sent for approval: some checks failed.');
    expect(asked.text).toContain('✖ Reverse trust on fabrikam (current tenant): partner contoso as Target');
    expect(asked.text).toContain('✖ Reverse trust on contoso (original tenant): partner fabrikam as Source');
    expect(asked.text).toContain('Connect-SPOService -Url https://fabrikam-admin.sharepoint.com');
    expect(asked.text).toContain('Set-SPOCrossTenantRelationship -Scenario MnA -PartnerRole Target -PartnerCrossTenantHostUrl https://contoso-my.sharepoint.com/');
    expect(asked.text).toContain('Connect-SPOService -Url https://contoso-admin.sharepoint.com');
    expect(asked.text).toContain('Set-SPOCrossTenantRelationship -Scenario MnA -PartnerRole Source -PartnerCrossTenantHostUrl https://fabrikam-my.sharepoint.com/');
    expect(asked.text).toContain('setting up trust is outside this bot');
    // The dry run's own answer is shown as the service gave it.
    expect(asked.text).toMatch(/✖ The service's dry run \(validateOnly\)\n.*(MnA|relationship)/);
    // Checks that pass still say so.
    expect(asked.text).toContain('✔ The identity map covers them');
    // Nothing changed: the only call the action log holds is the refused dry run.
    expect(a.bot.sandbox!.changes().filter((c) => c.outcome === 'ok')).toEqual([]);
    expect((await a.audit()).filter((e) => e.event === 'plan.requested')).toEqual([]);
    const [list] = await a.say('moved back');
    expect(cardText(cardIn(list))).toContain('None found.');
  }, 60_000);

  it('with trust on one side only: only that side is asked for', async () => {
    const a = await regressionBot({ sandboxOptions: { reverseTrust: 'contoso-only' } });
    open.push(a);
    const asked = await askMoveBack(a, plainUser(a));
    expect(asked.data).toBeUndefined();
    expect(asked.text).toContain('✖ Reverse trust on fabrikam (current tenant)');
    expect(asked.text).toContain('✖ Reverse trust on contoso (original tenant): partner fabrikam as Source\nset on contoso, not yet on fabrikam (NotEstablishedByPartner)');
    expect(asked.text).not.toContain('-PartnerRole Source');
  }, 60_000);

  it('two requests for the same person at once make one plan; the other is refused', async () => {
    const a = await regressionBot();
    open.push(a);
    const u = plainUser(a);
    const replies = await Promise.all([a.say(moveBackText(u)), a.say(moveBackText(u))]);
    const cards = replies.map(([r]) => cardIn(r));
    const withApprove = cards.filter((c) => executeActions(c).some((b) => b.verb === 'approve'));
    expect(withApprove).toHaveLength(1);
    const other = cards.find((c) => !withApprove.includes(c))!;
    expect(cardText(other)).toMatch(/is already being moved back \(plan p-\w+, requested\)/);
    expect((await a.audit()).filter((e) => e.event === 'plan.requested')).toHaveLength(1);
    // Asked again later, while the first plan waits: refused by the preflight, naming the plan.
    const again = await askMoveBack(a, u);
    expect(again.data).toBeUndefined();
    expect(again.text).toMatch(/✖ No other move is pending\nalready being moved back \(plan p-\w+, requested\)/);
    // While tracked, their redirects stay out of removal plans.
    const [removal] = await a.say(`remove redirects source for ${u.sourceUpn}`);
    expect(cardText(cardIn(removal))).toContain('1 redirect site(s) left out: their people or sites are being moved back.');
    // Cancelled, the plan no longer holds the person: they can be asked for again.
    const first = executeActions(withApprove[0]).find((b) => b.verb === 'approve')!.data;
    const [cancelled] = await a.say(`cancel ${String(first.planId)}`);
    expect(cardText(cardIn(cancelled))).toContain('Cancelled by Avery Admin');
    await new Promise((r) => setTimeout(r, 300));
    expect((await askMoveBack(a, u)).data).toBeDefined();
  }, 60_000);

  it('a person whose move has not completed is blocked, the move state in words', async () => {
    const a = open[2]!;
    const u = a.bot.sandbox!.scenario!.users.find((x) => x.status === 'inProgress')!;
    const [reply] = await a.say(moveBackText(u));
    const text = cardText(cardIn(reply));
    expect(text).toContain(`the move of ${u.sourceUpn} on contoso is in progress.`);
    expect(executeActions(cardIn(reply))).toEqual([]);
  }, 60_000);

  it('a person not in the identity map, or paired differently, is blocked with what to do', async () => {
    const a = open[2]!;
    const [u, v] = [plainUser(a), plainUser(a, [plainUser(a).sourceUpn])];
    const [reply] = await a.say(`migrate back ${u.targetUpn} to ${v.sourceUpn}`);
    const text = cardText(cardIn(reply));
    expect(text).toContain(`✖ The identity map covers them\nthe map pairs ${v.sourceUpn} with ${v.targetUpn}, not ${u.targetUpn}.`);
    expect(text).toContain(`migrate back ${v.targetUpn} to ${v.sourceUpn}`);
    // Not in the map at all: said so, with the row to add.
    const stranger = 'nobody.here@contoso.com';
    const [unknown] = await a.say(`migrate back ${u.targetUpn} to ${stranger}`);
    const unknownText = cardText(cardIn(unknown));
    expect(unknownText).toContain(`✖ The identity map covers them\n${stranger} is not in the identity map.`);
    expect(unknownText).toContain('Add the User row (original UPN, current UPN) to the identity-mapping CSV');
    const [usage] = await a.say(`migrate back ${u.targetUpn}`);
    expect(cardText(cardIn(usage))).toContain('migrate back ‹upn on current tenant› to ‹upn on original tenant›');
  }, 60_000);
});

describe('migrate back preflight: the trust guard', () => {
  it('simulated tenants decoding the role integers the other way round: the reverse-trust checks fail on the read-back, nothing is sent', async () => {
    const a = await regressionBot({ sandboxOptions: { trustEnums: 'swapped' } });
    open.push(a);
    const asked = await askMoveBack(a, plainUser(a));
    expect(asked.data).toBeUndefined();
    expect(executeActions(asked.card)).toEqual([]);
    expect(asked.text).toContain('✖ Reverse trust on fabrikam (current tenant): partner contoso as Target');
    expect(asked.text).toMatch(/not checked: the relation read back does not match the role sent \(asked for partner role Target \(sent as 2\)/);
    expect(asked.text).toContain('Get-SPOCrossTenantRelationship -Scenario MnA');
    expect(a.bot.sandbox!.changes().filter((c) => c.outcome === 'ok')).toEqual([]);
  }, 60_000);
});
