// Teams may deliver the same activity again (same id) when it thinks the first delivery failed, e.g. after
// an answer that came too late. A repeat must not start a second read or post a second answer: the ids of
// recent messages and clicks are remembered and a repeat is answered empty. Kept in memory: answers now
// come within 2 s, so a repeat reaching another instance is rare, and even then the tenant reads behind it
// are shared through the store (the move ledger and redirect snapshots take a lease per read).
const KEEP = 10_000;

export class SeenActivities {
  private readonly ids = new Set<string>();

  /** True the first time an id is seen; false for a repeat. Activities without an id are always new. */
  first(id: string | undefined): boolean {
    if (!id) return true;
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order: the oldest id goes first.
    if (this.ids.size > KEEP) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
