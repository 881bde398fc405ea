// ADMIN_GROUP_IDS / APPROVER_GROUP_IDS as the target tenant's Graph sees them: each group by its name and
// member count (nested groups expanded, as checkMemberGroups counts them). An empty group grants nobody
// the role; an unreadable one grants nobody either, since membership answers fail the same way.
import { failureText } from './reachabilityCheck.js';
import type { CheckClient, CheckItem, RoleGroupSetting } from './types.js';

const READ_FIX = 'Grant the target tenant app the Graph application permission GroupMember.Read.All (admin consent), and check the id is a security group on the target tenant.';

export async function checkRoleGroups(groups: readonly RoleGroupSetting[], client: CheckClient): Promise<CheckItem[]> {
  return Promise.all(groups.map(async ({ role, setting, groupId }): Promise<CheckItem> => {
    const id = `target.group.${role}.${groupId}`;
    if (!client.getGroup) return { id, title: `${setting}: group ${groupId}`, ok: 'warn', detail: 'not checked: this client cannot read groups' };
    try {
      const group = await client.getGroup(groupId);
      const title = `${setting}: ${group.displayName}`;
      if (group.memberCount === 0) {
        return { id, title, ok: 'warn', detail: `group ${groupId} has no members, so nobody is ${role === 'admin' ? 'an admin' : 'an approver'} through it`, fix: `Add the ${role}s to the group, or remove its id from ${setting}.` };
      }
      return { id, title, ok: true, detail: `${group.memberCount} member(s), nested groups included` };
    } catch (err) {
      return { id, title: `${setting}: group ${groupId}`, ok: 'warn', detail: `unreadable: ${failureText(err)}; its members are refused`, fix: READ_FIX };
    }
  }));
}
