// Who we have met: Entra object id → Teams id (29:…) and name. Approval cards need the approvers' Teams
// ids for refresh.userIds and their names for "who may approve", but configuration only lists object
// ids; every activity that reaches the bot fills the gap. Kept in the store so a restart remembers.
// Someone who has not written to the bot yet is named from the directory (Graph, on the target tenant,
// where the bot and its people live), once per process.
import type { Person } from '../services/approvals/types.js';
import type { KeyValueStore } from '../services/ports.js';

const PREFIX = 'person/';
const SERVICE_URL_KEY = 'bot/serviceUrl';

/** An Entra object id: the only kind of id worth asking the directory about. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names looked up per process; approvers and requesters are a handful, this only bounds a misconfiguration. */
const NAMES_KEPT = 500;

/** A directory user's display name by object id (undefined: no such user). */
export type NameLookup = (objectId: string) => Promise<string | undefined>;

export class PeopleDirectory {
  private readonly known = new Map<string, Person>();
  private serviceUrl?: string;

  /** Names the directory gave (null: it has no such user), so each id is asked about once. */
  private readonly named = new Map<string, string | null>();

  /** `groupDirectory` names Entra groups (the approver groups a plan card lists), asked the same way. */
  constructor(private readonly store: KeyValueStore, seed: readonly Person[] = [], private readonly directory?: NameLookup, private readonly groupDirectory?: NameLookup) {
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
    return Promise.all(ids.map(async (id) => {
      const p = this.known.get(id);
      if (p?.name) return p;
      const name = await this.nameOf(id);
      return name ? { ...p, id, name } : p ?? { id };
    }));
  }

  /** Display names of these groups, in order; a group the directory cannot name shows as its id. */
  async groupNames(ids: readonly string[]): Promise<string[]> {
    return Promise.all(ids.map(async (id) => (await this.nameOf(id, this.groupDirectory, 'group:')) ?? id));
  }

  private async nameOf(id: string, directory = this.directory, kind = ''): Promise<string | undefined> {
    if (!directory || !OBJECT_ID.test(id)) return undefined;
    const key = kind + id;
    if (this.named.has(key)) return this.named.get(key) ?? undefined;
    try {
      const name = await directory(id);
      if (this.named.size >= NAMES_KEPT) this.named.clear();
      this.named.set(key, name ?? null);
      return name;
    } catch {
      // A directory that cannot answer now costs the card a name, not the card: the id shows, and the
      // next card asks again.
      return undefined;
    }
  }
}
