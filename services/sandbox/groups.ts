// The target tenant's seeded role groups, so ADMIN_GROUP_IDS / APPROVER_GROUP_IDS can be rehearsed: an
// admins group holding one person directly and a nested helpdesk group with another, an approvers group,
// and an empty group (what `check setup` warns about). Fixed ids, so a rehearsal's .env can name them.
import type { GroupRecord, TenantState, UserRecord } from './model.js';
import type { SandboxGroupPeople } from './types.js';

export const SANDBOX_GROUPS = {
  admins: { id: '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e01', displayName: 'Migration admins' },
  helpdesk: { id: '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e02', displayName: 'Migration helpdesk' },
  approvers: { id: '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e03', displayName: 'Migration approvers' },
  empty: { id: '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e04', displayName: 'Migration observers' },
} as const;

/** `staff`: three target users, in the order direct admin, nested admin, approver. */
export function addRoleGroups(tenant: TenantState, staff: UserRecord[]): SandboxGroupPeople | undefined {
  const [direct, nested, approver] = staff;
  if (!direct || !nested || !approver) return undefined;
  const group = (g: { id: string; displayName: string }, memberIds: string[]): GroupRecord => ({ ...g, memberIds });
  tenant.groups.push(
    group(SANDBOX_GROUPS.admins, [direct.id, SANDBOX_GROUPS.helpdesk.id]),
    group(SANDBOX_GROUPS.helpdesk, [nested.id]),
    group(SANDBOX_GROUPS.approvers, [approver.id]),
    group(SANDBOX_GROUPS.empty, []),
  );
  return { directAdmin: direct.id, nestedAdmin: nested.id, approver: approver.id };
}

/** Whether `memberId` is in the group or any group nested in it (Entra's transitive membership). */
export function isTransitiveMember(tenant: TenantState, groupId: string, memberId: string, seen = new Set<string>()): boolean {
  if (seen.has(groupId)) return false;
  seen.add(groupId);
  const group = tenant.groups.find((g) => g.id === groupId);
  if (!group) return false;
  return group.memberIds.includes(memberId) || group.memberIds.some((id) => isTransitiveMember(tenant, id, memberId, seen));
}

/** Users in the group, nested groups expanded, each once. */
export function transitiveUserCount(tenant: TenantState, groupId: string): number {
  return tenant.users.filter((u) => isTransitiveMember(tenant, groupId, u.id)).length;
}
