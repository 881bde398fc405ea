// The trust a move back needs, per tenant and role (SandboxOptions.reverseTrust), as VerifySPOTenantOrgRelation
// reports it and as a move back is refused without it; the 422 once fabrikam's relation is removed; and the
// urlConflictOnValidate knob that moves the URL conflict to creation.
import { afterAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../services/sandbox/index.js';
import { enumParam, errorInfo, stringParam, tenantMethodXml } from './helpers.js';
import { CONTOSO_HOST, FABRIKAM_HOST, TASKS, backBody, moveBody, plainCompleted, removeSite, reverseKit, verify, waitForEnd } from './reverseHelpers.js';

const open: SandboxHandle[] = [];
afterAll(async () => { await Promise.all(open.map((s) => s.close())); });

async function start(options: SandboxOptions) {
  const sandbox = await startSandbox({ users: 12, moveDurationMs: 200, ...options });
  open.push(sandbox);
  return { sandbox, kit: await reverseKit(sandbox), u: plainCompleted(sandbox)[0] };
}
const refusal = (reply: { status: number; body: any }) => ({ status: reply.status, code: /^(\w+):/.exec(reply.body?.error?.message ?? '')?.[1] });

describe('reverse trust', () => {
  it.each([
    // [reverseTrust, fabrikam Verify(Target, contoso), contoso Verify(Source, fabrikam), refusal of the move back]
    ['none', 0, 0, 'MnAReverseTrustNeedsRequiredPartnerRole'],
    ['contoso-only', 0, 1, 'MnAReverseTrustNeedsRequiredPartnerRole'],
    ['fabrikam-only', 1, 0, 'MnATrustNoSetupForPartnerInRole'],
  ] as const)('%s: Verify answers %i on fabrikam and %i on contoso; a move back is refused with %s', async (reverseTrust, onFabrikam, onContoso, code) => {
    const { kit, u } = await start({ reverseTrust });
    expect(await verify(kit.fabrikam, 'Target', CONTOSO_HOST)).toBe(onFabrikam);
    expect(await verify(kit.contoso, 'Source', FABRIKAM_HOST)).toBe(onContoso);
    // The forward trust is untouched.
    expect(await verify(kit.contoso, 'Target', FABRIKAM_HOST)).toBe(4);
    expect(await verify(kit.fabrikam, 'Source', CONTOSO_HOST)).toBe(4);
    await removeSite(kit.contoso, u.sourceSiteUrl, true);
    expect(refusal(await kit.graph('POST', TASKS, backBody(u, true)))).toEqual({ status: 400, code });
    expect(refusal(await kit.graph('POST', TASKS, backBody(u)))).toEqual({ status: 400, code });
  });

  it('a forward move is still accepted without the reverse trust', async () => {
    const { sandbox, kit } = await start({ reverseTrust: 'none' });
    const user = sandbox.scenario!.users.find((x) => x.status === 'failed') ?? sandbox.scenario!.users.find((x) => x.status === 'notStarted')!;
    const reply = await kit.graph('POST', TASKS, moveBody(user.sourceUpn, user.targetUpn, FABRIKAM_HOST, true), 'contoso');
    expect(reply.status).toBe(200);
  });

  it('once fabrikam removes its reverse relation: a running move back reads 422, a new one is refused; the forward reads still answer', async () => {
    const { sandbox, kit, u } = await start({ moveDurationMs: 60_000 });
    await removeSite(kit.contoso, u.sourceSiteUrl, true);
    const created = await kit.graph('POST', TASKS, backBody(u));
    expect(created.body.status).toBe('notStarted');
    const removal = await kit.fabrikam(tenantMethodXml('RemoveSPOTenantOrgRelation', enumParam(1) + enumParam(2) + stringParam(CONTOSO_HOST)));
    expect(errorInfo(removal.body)).toBeNull();
    expect(await verify(kit.fabrikam, 'Target', CONTOSO_HOST)).toBe(0);
    expect(await verify(kit.contoso, 'Source', FABRIKAM_HOST)).toBe(1);
    const read = await kit.graph('GET', `${TASKS}/${created.body.id}`);
    expect(read.status).toBe(422);
    expect(read.body.error.message).toBe(`There is no Cross-Tenant relationship established for partner ${CONTOSO_HOST} and role Target.`);
    // fabrikam still holds contoso as Source (the forward trust), so the refusal names the missing reverse role.
    const other = plainCompleted(sandbox)[1];
    expect(refusal(await kit.graph('POST', TASKS, backBody(other, true)))).toEqual({ status: 400, code: 'MnAReverseTrustNeedsRequiredPartnerRole' });
    const forward = await kit.graph('GET', `${TASKS}/${u.moveId}`, undefined, 'contoso');
    expect(forward.body).toMatchObject({ id: u.moveId, status: 'completed' });
  });

  it('with no relation at all between the two on fabrikam, a move back answers the documented 422', async () => {
    const { kit, u } = await start({ reverseTrust: 'none' });
    const removal = await kit.fabrikam(tenantMethodXml('RemoveSPOTenantOrgRelation', enumParam(1) + enumParam(1) + stringParam(`${CONTOSO_HOST}/`)));
    expect(errorInfo(removal.body)).toBeNull();
    const reply = await kit.graph('POST', TASKS, backBody(u, true));
    expect(reply.status).toBe(422);
  });
});

describe('urlConflictOnValidate', () => {
  it('refuses the move at creation, validateOnly included, while the redirect or a deleted site holds the URL', async () => {
    const { sandbox, kit, u } = await start({ urlConflictOnValidate: true });
    expect(refusal(await kit.graph('POST', TASKS, backBody(u, true)))).toEqual({ status: 400, code: 'MnASiteMoveTargetUrlHasWriteConflict' });
    await removeSite(kit.contoso, u.sourceSiteUrl, false);
    expect(refusal(await kit.graph('POST', TASKS, backBody(u)))).toEqual({ status: 400, code: 'MnASiteMoveTargetUrlHasWriteConflict' });
    const purge = await kit.contoso(tenantMethodXml('RemoveDeletedSite', stringParam(u.sourceSiteUrl)));
    expect(errorInfo(purge.body)).toBeNull();
    const created = await kit.graph('POST', TASKS, backBody(u));
    expect((await waitForEnd(kit, created.body.id)).last.body.status).toBe('completed');
    expect(sandbox.changes().filter((c) => c.method === 'CreateMoveTask').map((c) => c.outcome)).toEqual(['error', 'error', 'ok']);
  });
});
