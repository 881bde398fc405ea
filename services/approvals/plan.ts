// A plan is immutable once built: its hash binds an approval to exactly the content the approver saw.
// The id is hashed too: two plans with the same items asked for in the same second must still have
// different hashes, or one plan's card could decide the other.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { InputError } from '../errors.js';
import type { Finding, Plan } from './types.js';

/** Crockford base32 in lower case: digits and letters without i, l, o, u (bot/nlu's PLAN_ID_PATTERN). */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
export const DEFAULT_PLAN_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** `p-` + 8 random Crockford characters: 40 bits, enough that ids never collide in one deployment. */
export function newPlanId(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  return `p-${[...randomBytes(8)].map((b) => CROCKFORD[b % 32]).join('')}`;
}

/** Everything a planner decides; the id, times and hash are added by buildPlan. */
export type PlanDraft = Omit<Plan, 'id' | 'hash' | 'requestedAt' | 'expiresAt'>;

export function buildPlan(draft: PlanDraft, now: Date, expiryMs = DEFAULT_PLAN_EXPIRY_MS): Plan {
  const unhashed = {
    ...draft,
    id: newPlanId(),
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + expiryMs).toISOString(),
  };
  return { ...unhashed, hash: planHash(unhashed) };
}

/** JSON with object keys sorted at every depth and undefined fields dropped, so equal content hashes equal. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function planHash(plan: Omit<Plan, 'hash'> | Plan): string {
  const { hash: _hash, ...content } = plan as Plan;
  return createHash('sha256').update(stableStringify(content)).digest('hex');
}

/** Compares a hash sent back by a card with the stored plan's, in constant time. */
export function hashMatches(plan: Plan, hash: unknown): boolean {
  if (typeof hash !== 'string') return false;
  const expected = Buffer.from(plan.hash, 'utf8');
  const given = Buffer.from(hash, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** True when the stored plan's own content still produces its hash (nobody edited the record). */
export function planIntact(plan: Plan): boolean {
  return hashMatches(plan, planHash(plan));
}

export function isExpired(plan: Plan, now: Date): boolean {
  return now.getTime() >= Date.parse(plan.expiresAt);
}

export function blockersOf(plan: Pick<Plan, 'findings'>): Finding[] {
  return plan.findings.filter((f) => f.level === 'blocker');
}

/**
 * A plan that must not run (e.g. moves still unfinished before trust removal). Planners throw it instead
 * of returning a plan, so a blocked plan can never be stored, let alone approved; `blockers` carries the
 * findings (with their subjects) for a card that wants to list them.
 */
export class PlanBlockedError extends InputError {
  constructor(readonly blockers: Finding[]) {
    super(blockedMessage(blockers), { blockers: blockers.map((b) => ({ text: b.text, count: b.subjects?.length ?? 0 })) });
  }
}

const LISTED = 20;

function blockedMessage(blockers: Finding[]): string {
  return blockers.map((b) => {
    const subjects = b.subjects ?? [];
    const shown = subjects.slice(0, LISTED).join(', ');
    const more = subjects.length > LISTED ? ` and ${subjects.length - LISTED} more` : '';
    return subjects.length ? `${b.text}: ${shown}${more}.` : `${b.text}.`;
  }).join(' ');
}
