// Typed words index plain objects; "constructor" or "__proto__" must not reach Object.prototype.

/** The record's own value for the key, never an inherited one. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
