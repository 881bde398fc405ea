// The trust guard's reading of relation texts (relationText.ts) and checkRelation on CSOM reply bodies:
// present only when the role-filtered answer names the partner in the role we mean; a wrong role, or a
// relation in our role that only the partner-filtered answer shows, is a mismatch; unclear text stops too.
import { describe, expect, it } from '@jest/globals';
import { checkRelation } from '../../../services/tenants/operations/checkRelation.js';
import { getTrust } from '../../../services/tenants/operations/getTrust.js';
import { removeTrust } from '../../../services/tenants/operations/removeTrust.js';
import { judgeRelation, rolesForPartner } from '../../../services/tenants/relationText.js';
import { wireJson, wireText } from '../helpers/fixtures.js';
import { scriptedCsom } from '../helpers/scriptedCsom.js';

const WOODGROVE = 'https://woodgrove-my.sharepoint.com/';
const line = (role: string, host = WOODGROVE) => `Scenario: MnA; PartnerRole: ${role}; PartnerCrossTenantHostUrl: ${host}; Status: Active`;
/** A GetSPOTenantOrgRelation* reply carrying `text` (the fixture's shape, its text replaced). */
const reply = (text: string | null) => {
  const body = JSON.parse(wireText('csom-relation-text.json')) as unknown[];
  body[4] = text;
  return JSON.stringify(body);
};

describe('rolesForPartner (inferred reading of the relation text)', () => {
  it('reads the role after PartnerRole, on the lines naming the host with or without the slash', () => {
    expect(rolesForPartner(`${line('Target')}\n${line('Source', 'https://other-my.sharepoint.com/')}`, 'https://woodgrove-my.sharepoint.com')).toEqual(['Target']);
    expect(rolesForPartner(line('Source', 'https://woodgrove-my.sharepoint.com'), WOODGROVE)).toEqual(['Source']);
  });

  it('never takes a longer host for the partner, and calls a line with both role names and no label unclear', () => {
    expect(rolesForPartner(line('Target', 'https://woodgrove-my.sharepoint.com.evil.example/'), WOODGROVE)).toEqual([]);
    expect(rolesForPartner(`${WOODGROVE} Source Target`, WOODGROVE)).toEqual(['unclear']);
    expect(rolesForPartner(`${WOODGROVE} as Target`, WOODGROVE)).toEqual(['Target']);
  });
});

describe('judgeRelation', () => {
  it('present when the role-filtered text names the partner in our role', () => {
    expect(judgeRelation('Target', WOODGROVE, line('Target'), line('Target'), 2).state).toBe('present');
  });

  it('mismatch when the role-filtered text names the partner in the other role (the other direction)', () => {
    const j = judgeRelation('Target', WOODGROVE, line('Source'), `${line('Target')}\n${line('Source')}`, 2);
    expect(j).toEqual({ state: 'mismatch', detail: expect.stringContaining('asked for partner role Target (sent as 2), SharePoint answered a relation with https://woodgrove-my.sharepoint.com/ as partner role Source') });
  });

  it('mismatch when only the partner-filtered text shows our role: the integer asked for something else', () => {
    expect(judgeRelation('Target', WOODGROVE, null, line('Target'), 2).state).toBe('mismatch');
  });

  it('absent when neither text has the partner in our role; a reverse relation with the same partner is no obstacle', () => {
    expect(judgeRelation('Target', WOODGROVE, null, null, 2).state).toBe('absent');
    expect(judgeRelation('Target', WOODGROVE, '', line('Source'), 2).state).toBe('absent');
  });

  it('mismatch on an unclear line: the guard may refuse a good relation, never pass a doubtful one', () => {
    expect(judgeRelation('Source', WOODGROVE, `${WOODGROVE} Source Target`, null, 1).state).toBe('mismatch');
  });
});

describe('checkRelation over CSOM replies', () => {
  it('asks ByScenario(MnA, role) then ByPartner(host), and judges the texts', async () => {
    const s = scriptedCsom([reply(line('Target')), reply(line('Target'))]);
    expect(await checkRelation(s.ctx, 'Target', 'https://woodgrove-my.sharepoint.com')).toMatchObject({ state: 'present' });
    expect(s.requests.map((r) => r.what)).toEqual(['GetSPOTenantOrgRelationByScenario', 'GetSPOTenantOrgRelationByPartner']);
    expect(s.requests[0]!.xml).toContain('<Parameter Type="Enum">1</Parameter><Parameter Type="Enum">2</Parameter>');
    expect(s.requests[1]!.xml).toContain(`<Parameter Type="String">${WOODGROVE}</Parameter>`);
  });

  it('asks ByPartner with the host in its other form before believing there is none', async () => {
    const s = scriptedCsom([reply(null), reply(null), reply(line('Target', 'https://woodgrove-my.sharepoint.com'))]);
    const judged = await checkRelation(s.ctx, 'Target', WOODGROVE);
    expect(s.requests[2]!.xml).toContain('<Parameter Type="String">https://woodgrove-my.sharepoint.com</Parameter>');
    expect(judged.state).toBe('mismatch');
    expect(s.logger.lines.find((l) => l.msg === 'relation does not match the role sent')?.obj).toMatchObject({ sent: 'Target=2' });
  });

  it('reads an error answer (no relation) as no text, but lets the feature refusal through', async () => {
    const s = scriptedCsom([wireText('csom-error-no-relation.json')]);
    expect((await checkRelation(s.ctx, 'Source', WOODGROVE)).state).toBe('absent');
    const off = scriptedCsom([wireText('csom-error-feature-not-enabled.json')]);
    await expect(checkRelation(off.ctx, 'Source', WOODGROVE)).rejects.toMatchObject({ serviceCode: 'FeatureIsNotEnabled' });
  });
});

describe('the partner host URL in its other form', () => {
  const verifyReply = (status: number) => wireJson<{ Response: string }>('csom-verify-trust.raw-body.json').Response.replace(/,3,4\r\]$/, `,3,${status}\r]`);

  it('getTrust asks Verify again without the slash before believing NotEstablished, and keeps the form that answered', async () => {
    const s = scriptedCsom([verifyReply(0), verifyReply(4), reply(line('Target', 'https://woodgrove-my.sharepoint.com'))]);
    const trust = await getTrust(s.ctx, 'Target', WOODGROVE);
    expect(trust).toMatchObject({ verification: 'GoodToProceed', partnerHostUrl: 'https://woodgrove-my.sharepoint.com' });
    expect(s.requests.slice(0, 2).map((r) => /Type="String">([^<]+)</.exec(r.xml)?.[1])).toEqual([WOODGROVE, 'https://woodgrove-my.sharepoint.com']);
  });

  it('getTrust answers NotEstablished only when both forms say so', async () => {
    const s = scriptedCsom([verifyReply(0), verifyReply(0), reply(null)]);
    expect(await getTrust(s.ctx, 'Target', WOODGROVE)).toMatchObject({ verification: 'NotEstablished', partnerHostUrl: WOODGROVE });
  });

  it('removeTrust sends the other form after a refusal, and keeps the first refusal when both are refused', async () => {
    const s = scriptedCsom([wireText('csom-error-no-relation.json'), wireText('csom-void-method.json')]);
    await removeTrust(s.ctx, 'Target', WOODGROVE);
    expect(s.requests.map((r) => /Type="String">([^<]+)</.exec(r.xml)?.[1])).toEqual([WOODGROVE, 'https://woodgrove-my.sharepoint.com']);
    const refused = scriptedCsom([wireText('csom-error-no-relation.json')]);
    await expect(removeTrust(refused.ctx, 'Target', WOODGROVE)).rejects.toMatchObject({ userMessage: expect.stringContaining('There is no Cross-Tenant relationship established') });
    expect(refused.requests).toHaveLength(2);
  });
});
