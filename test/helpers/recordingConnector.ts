// A stand-in for the Bot Framework connector: records what the bot posts back, answers like the service.
import { createServer, type Server } from 'node:http';
import type { Activity } from 'botbuilder';

export interface ConnectorCall { method: string; path: string; authorization?: string; activity: Partial<Activity> }

export interface RecordingConnector {
  /** serviceUrl to put on activities (with the trailing slash Teams uses). */
  serviceUrl: string;
  calls: ConnectorCall[];
  close(): Promise<void>;
}

export async function startRecordingConnector(): Promise<RecordingConnector> {
  const calls: ConnectorCall[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, activity: body ? JSON.parse(body) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++next}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until a recorded call matches (card edits and proactive posts arrive after the HTTP answer). */
export async function waitForCallOn(connector: Pick<RecordingConnector, 'calls'>, match: (c: ConnectorCall) => boolean, timeoutMs = 30_000): Promise<ConnectorCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = connector.calls.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching connector call in ${timeoutMs} ms; saw ${connector.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The connector's answer id for a call (it numbers its answers reply-1, reply-2, …). */
export function activityIdOf(connector: Pick<RecordingConnector, 'calls'>, call: ConnectorCall): string {
  return `reply-${connector.calls.indexOf(call) + 1}`;
}

/** The text of the card a call carries, '' when it has none. */
const cardTextOf = (c: ConnectorCall) => JSON.stringify(c.activity.attachments?.[0]?.content ?? '');

/**
 * The call that carries the answer to a reply: the reply itself, or the edit that replaced the reading card
 * a command answers with when its reads outlast the turn (bot/slowAnswers.ts, cards/reading.json).
 */
export async function answerTo(connector: Pick<RecordingConnector, 'calls'>, reply: ConnectorCall, timeoutMs = 60_000): Promise<ConnectorCall> {
  if (!isReading(reply)) return reply;
  const path = `/activities/${encodeURIComponent(activityIdOf(connector, reply))}`;
  return waitForCallOn(connector, (c) => c.method === 'PUT' && c.path.endsWith(path) && !isReading(c), timeoutMs);
}

/** Whether a call carries a reading card ("status: reading the tenants"). */
export const isReading = (c: ConnectorCall) => /: reading the tenants/.test(cardTextOf(c));
