// A stand-in for the Bot Framework connector: records what the bot posts back, answers like the service.
import { createServer, type Server } from 'node:http';
import type { Activity } from 'botbuilder';

/** `status`: what the connector answered (200 unless a test made it answer otherwise). */
export interface ConnectorCall { method: string; path: string; authorization?: string; activity: Partial<Activity>; status: number }

/** An error answer as Teams gives it: the status and `{ error: { code, message } }`. */
export interface ConnectorRefusal { status: number; code: string; message: string }

/** What Teams answers when what the bot edits or posts to is gone. */
export const GONE = {
  /** The admin deleted the message (PUT to its activity). */
  message: { status: 404, code: 'ActivityNotFoundInConversation', message: 'Message does not exist in the thread.' },
  /** The chat is gone, or the bot left it. */
  conversation: { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' },
  /** The bot was removed from the team or chat. */
  botRemoved: { status: 403, code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
} satisfies Record<string, ConnectorRefusal>;

export interface RecordingConnector {
  /** serviceUrl to put on activities (with the trailing slash Teams uses). */
  serviceUrl: string;
  calls: ConnectorCall[];
  /** From now on, calls that match are answered with `refusal` (and still recorded). */
  refuse(match: (c: ConnectorCall) => boolean, refusal: ConnectorRefusal): void;
  close(): Promise<void>;
}

export async function startRecordingConnector(): Promise<RecordingConnector> {
  const calls: ConnectorCall[] = [];
  const refusals: { match: (c: ConnectorCall) => boolean; refusal: ConnectorRefusal }[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const call: ConnectorCall = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, activity: body ? JSON.parse(body) : {}, status: 200 };
      // Numbered either way, so a call's answer id stays its place among the calls (activityIdOf).
      const id = `reply-${++next}`;
      const refusal = refusals.find((r) => r.match(call))?.refusal;
      call.status = refusal?.status ?? 200;
      calls.push(call);
      res.writeHead(call.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(refusal ? { error: { code: refusal.code, message: refusal.message } } : { id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    refuse: (match, refusal) => { refusals.push({ match, refusal }); },
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
