// Exchange's side of the simulated tenants: the e-mails sent through Graph sendMail, kept per recipient
// address, so a rehearsal and the tests can see exactly what each person received.
import type { TenantState, UserRecord } from './model.js';
import type { SandboxMail } from './types.js';

export class MailState {
  /** Lower-case recipient address → messages received, oldest first. */
  private readonly received = new Map<string, SandboxMail[]>();
  readonly counts = { sent: 0, refused: 0 };
  private nextId = 0;

  /** Delivers one message to each recipient; the ids are the sandbox's own. */
  deliver(from: string, to: string[], subject: string, contentType: string, content: string, now: number): void {
    for (const address of to) {
      const mail: SandboxMail = { id: `mail-${++this.nextId}`, at: new Date(now).toISOString(), from, to: address, subject, contentType, content };
      const key = address.toLowerCase();
      this.received.set(key, [...(this.received.get(key) ?? []), mail]);
      this.counts.sent++;
    }
  }

  /** Messages received at `address`, oldest first; copies. */
  mail(address: string): SandboxMail[] {
    return (this.received.get(address.trim().toLowerCase()) ?? []).map((m) => ({ ...m }));
  }

  /** Messages received at any address of the people `who` names (UPN, object id), or at `who` itself. */
  mailOf(who: string, tenants: TenantState[], find: (tenant: TenantState, key: string) => UserRecord | undefined): SandboxMail[] {
    const addresses = new Set([who.trim().toLowerCase()]);
    for (const t of tenants) {
      const u = find(t, who);
      if (u) for (const a of [u.userPrincipalName, u.mail]) if (a) addresses.add(a.toLowerCase());
    }
    return [...addresses].flatMap((a) => this.mail(a)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  }
}
