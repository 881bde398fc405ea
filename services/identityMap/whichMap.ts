// A file sent in chat is an identity map or a site map. The identity map has no header (Microsoft's format,
// User and Group rows); the site map starts with its header row. The first line is read ahead to tell them
// apart, and handed on with the rest, so the stream is still read once.
import { parse } from 'csv-parse/sync';
import { isSiteMapHeader } from './siteMapRows.js';

export type MapKind = 'identity' | 'site';

/** A first line longer than this is no header. */
const MAX_HEADER_BYTES = 4096;

export async function whichMap(body: AsyncIterable<Buffer>): Promise<{ kind: MapKind; source: AsyncIterable<Buffer> }> {
  const chunks = body[Symbol.asyncIterator]();
  const ahead: Buffer[] = [];
  let failure: { err: unknown } | undefined;
  let done = false;
  try {
    while (!firstLine(ahead) && Buffer.concat(ahead).length < MAX_HEADER_BYTES) {
      const step = await chunks.next();
      if (step.done) { done = true; break; }
      ahead.push(step.value);
    }
  } catch (err) {
    // Handed on as it came: the reader reports a broken download the same way whatever the file.
    failure = { err };
  }
  const line = firstLine(ahead, done) ?? '';
  async function* source(): AsyncGenerator<Buffer> {
    try {
      yield* ahead;
      if (failure) throw failure.err;
      if (done) return;
      for (;;) {
        const step = await chunks.next();
        if (step.done) return;
        yield step.value;
      }
    } finally {
      await chunks.return?.();
    }
  }
  return { kind: isHeaderLine(line) ? 'site' : 'identity', source: source() };
}

/**
 * The first line that is not blank, once a line break after it has arrived (or the file ended). A byte-order
 * mark needs no care: trimming (here and in the CSV reader) removes U+FEFF like any white space.
 */
function firstLine(chunks: Buffer[], ended = false): string | undefined {
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  return (ended ? lines : lines.slice(0, -1)).find((l) => l.trim() !== '');
}

function isHeaderLine(line: string): boolean {
  try {
    const [fields] = parse(line, { trim: true }) as string[][];
    return fields !== undefined && isSiteMapHeader(fields);
  } catch {
    return false;
  }
}
