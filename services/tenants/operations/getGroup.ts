// Graph v1.0 groups/{id}: its name, and how many members it has with nested groups expanded
// (transitiveMembers/$count, which Graph answers only as an advanced query: ConsistencyLevel eventual).
import { pathSegment } from '../graph.js';
import type { OperationContext } from './context.js';

export interface GroupSummary { id: string; displayName: string; memberCount: number }

export async function getGroup(ctx: OperationContext, groupId: string, signal?: AbortSignal): Promise<GroupSummary> {
  const path = `/v1.0/groups/${pathSegment(groupId)}`;
  const group = await ctx.graph.getJson<{ id: string; displayName?: string | null }>(`${path}?$select=id,displayName`, signal);
  const count = await ctx.graph.getJson<unknown>(`${path}/transitiveMembers/$count`, signal, { ConsistencyLevel: 'eventual' });
  return { id: group.id, displayName: group.displayName ?? group.id, memberCount: Number(count) || 0 };
}
