// The setup check's role-group items: each ADMIN_GROUP_IDS / APPROVER_GROUP_IDS group read on the
// simulated target tenant's Graph over HTTP, by name and member count; empty or unreadable ones warned of.
import { describe, expect, it } from '@jest/globals';
import { checkSetup } from '../../bot/setupCheckRunner.js';
import { SANDBOX_GROUPS } from '../../services/sandbox/groups.js';

const UNKNOWN_GROUP = '0d0e0f10-1112-4314-9516-171819202122';

describe('the role groups of the setup check', () => {
  it('names each group with its member count, nested members included, and warns of an empty or unreadable one', async () => {
    const report = await checkSetup({
      LOG_LEVEL: 'silent',
      ADMIN_GROUP_IDS: `${SANDBOX_GROUPS.admins.id},${SANDBOX_GROUPS.empty.id}`,
      APPROVER_GROUP_IDS: `${SANDBOX_GROUPS.approvers.id},${UNKNOWN_GROUP}`,
    });
    const groups = report.items.filter((i) => i.id.startsWith('target.group.'));
    expect(groups.map((i) => [i.title, i.ok, i.detail])).toEqual([
      ['ADMIN_GROUP_IDS: Migration admins', true, '2 member(s), nested groups included'],
      ['ADMIN_GROUP_IDS: Migration observers', 'warn', `group ${SANDBOX_GROUPS.empty.id} has no members, so nobody is an admin through it`],
      ['APPROVER_GROUP_IDS: Migration approvers', true, '1 member(s), nested groups included'],
      [`APPROVER_GROUP_IDS: group ${UNKNOWN_GROUP}`, 'warn', expect.stringMatching(/^unreadable: .*; its members are refused$/)],
    ]);
    expect(groups[3]!.fix).toContain('GroupMember.Read.All');
  }, 60_000);

  it('adds no group item when no group is configured', async () => {
    const report = await checkSetup({ LOG_LEVEL: 'silent' });
    expect(report.items.filter((i) => i.id.startsWith('target.group.'))).toEqual([]);
  }, 60_000);
});
