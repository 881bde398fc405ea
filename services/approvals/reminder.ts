// The daily trust reminder: while trust remains on either tenant and the source licences end within 30
// days, one notice a day to the approvals conversation. The day last sent is stored and claimed by
// compare-and-set before sending, so a restart or two ticks at once never send twice.
import { ConflictError } from '../errors.js';
import { licenceView } from '../insights/licence.js';
import type { TenantPair } from '../insights/tenantPair.js';
import { getTrustBothSides, trustRemains } from '../insights/trust.js';
import { IF_ABSENT, type KeyValueStore, type Logger } from '../ports.js';
import type { ConversationAddress, PlanMessenger } from './types.js';

export const REMINDER_WINDOW_DAYS = 30;
const KEY = 'reminder/trust';

export interface TrustReminderDeps {
  store: KeyValueStore;
  tenants: TenantPair;
  messenger: PlanMessenger;
  logger: Logger;
  /** APPROVALS_CONVERSATION_ID as an address; without it there is nowhere to remind. */
  address?: ConversationAddress;
  /** SOURCE_LICENSE_EXPIRY, yyyy-mm-dd. */
  licenceExpiry?: string;
}

export type TickResult = 'sent' | 'already-sent-today' | 'not-due' | 'trust-removed' | 'not-configured';

export class TrustReminder {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: TrustReminderDeps) {}

  /** The bot calls this on a timer (hourly is plenty); it sends at most once per UTC day. */
  tick(now: Date): Promise<TickResult> {
    // Ticks run one after another: the very first day record cannot be claimed by compare-and-set.
    const run = this.queue.then(() => this.check(now));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async check(now: Date): Promise<TickResult> {
    const { address, licenceExpiry } = this.deps;
    if (!address || !licenceExpiry) return 'not-configured';
    const licence = licenceView(licenceExpiry, now);
    if (licence.daysLeft > REMINDER_WINDOW_DAYS) return 'not-due';
    const today = now.toISOString().slice(0, 10);
    const stored = (await this.deps.store.read([KEY]))[KEY];
    if (stored?.lastSent === today) return 'already-sent-today';
    const trust = await getTrustBothSides(this.deps.tenants);
    const remaining = (['source', 'target'] as const).filter((s) => trustRemains(trust[s])).map((s) => `${trust[s].tenant} (${s})`);
    if (!remaining.length) return 'trust-removed';
    if (!(await this.claim(today, stored?.eTag, stored?.lastSent as string | undefined))) return 'already-sent-today';
    const when = licence.daysLeft > 0 ? `in ${licence.daysLeft} day(s), on ${licenceExpiry}` : `on ${licenceExpiry} (already passed)`;
    const text = `Reminder: cross-tenant trust is still in place on ${remaining.join(' and ')}. The source licences end ${when}; after that the source side can't remove its trust. Type "remove trust" to plan the removal.`;
    try {
      await this.deps.messenger.notify(address, text);
    } catch (err) {
      // Give the day back, so the next tick tries again instead of staying silent until tomorrow.
      await this.deps.store.write({ [KEY]: { lastSent: stored?.lastSent ?? null } });
      throw err;
    }
    return 'sent';
  }

  private async claim(today: string, eTag: string | undefined, lastSent: string | undefined): Promise<boolean> {
    try {
      await this.deps.store.write({ [KEY]: { lastSent: today, eTag: eTag ?? IF_ABSENT } });
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      this.deps.logger.warn({ lastSent }, 'reminder: could not record the day');
      throw err;
    }
  }
}
