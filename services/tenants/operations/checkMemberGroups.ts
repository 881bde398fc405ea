// Graph v1.0 POST users/{id}/checkMemberGroups: which of the given groups the user is in, nested
// membership included (the function is transitive). Graph takes at most 20 ids a request.
import { pathSegment } from '../graph.js';
import type { OperationContext } from './context.js';

const MAX_PER_REQUEST = 20;

export async function checkMemberGroups(ctx: OperationContext, userId: string, groupIds: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const member: string[] = [];
  for (let i = 0; i < groupIds.length; i += MAX_PER_REQUEST) {
    const body = { groupIds: groupIds.slice(i, i + MAX_PER_REQUEST) };
    const answer = await ctx.graph.postJson<{ value?: unknown }>(`/v1.0/users/${pathSegment(userId)}/checkMemberGroups`, body, signal);
    if (Array.isArray(answer.value)) member.push(...answer.value.filter((id): id is string => typeof id === 'string'));
  }
  return member.map((id) => id.toLowerCase());
}
