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
