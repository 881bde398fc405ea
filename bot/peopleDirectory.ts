// Who we have met: Entra object id → Teams id (29:…) and name. Approval cards need the approvers' Teams
// ids for refresh.userIds and their names for "who may approve", but configuration only lists object
// ids; every activity that reaches the bot fills the gap. Kept in the store so a restart remembers.
import type { Person } from '../services/approvals/types.js';
import type { KeyValueStore } from '../services/ports.js';

const PREFIX = 'person/';
const SERVICE_URL_KEY = 'bot/serviceUrl';

export class PeopleDirectory {
  private readonly known = new Map<string, Person>();
  private serviceUrl?: string;

  constructor(private readonly store: KeyValueStore, seed: readonly Person[] = []) {
    for (const p of seed) this.known.set(p.id, p);
  }

  /** Records the person when something new is learnt; one write per person, not per message. */
  async saw(person: Person): Promise<void> {
    if (!person.id || !person.teamsId) return;
    const before = this.known.get(person.id);
    if (before?.teamsId === person.teamsId && before.name === person.name) return;
    this.known.set(person.id, person);
    await this.store.write({ [PREFIX + person.id]: { person } });
  }

  /**
   * The connector URL Teams last sent us. Messages nobody asked for (the daily reminder to the approvals
   * conversation) need one, and only activities carry it.
   */
  async sawServiceUrl(url: string): Promise<void> {
    if (!url || url === this.serviceUrl) return;
    this.serviceUrl = url;
    await this.store.write({ [SERVICE_URL_KEY]: { url } });
  }

  async lastServiceUrl(): Promise<string | undefined> {
    this.serviceUrl ??= (await this.store.read([SERVICE_URL_KEY]))[SERVICE_URL_KEY]?.url as string | undefined;
    return this.serviceUrl;
  }

  /** What we know of these ids, in order; unknown ids come back as just the id. */
  async lookup(ids: readonly string[]): Promise<Person[]> {
    const missing = ids.filter((id) => !this.known.has(id)).map((id) => PREFIX + id);
    if (missing.length > 0) {
      const found = await this.store.read(missing);
      for (const item of Object.values(found)) {
        const p = item.person as Person | undefined;
        if (p?.id) this.known.set(p.id, p);
      }
    }
    return ids.map((id) => this.known.get(id) ?? { id });
  }
}
