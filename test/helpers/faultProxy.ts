// A loopback HTTP proxy that stands in front of a real service (Azurite, the sandbox) and spoils a seeded
// share of its requests: 429 or 503 with Retry-After, a destroyed socket (reset), or an answer held back
// past the client's timeout. Everything else is forwarded unchanged, so the client under test speaks the
// real protocol to the real service. `down` turns the service off as a client sees it: every request
// answered 503, every connection reset, or every request left unanswered (black-holed).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { seededRandom } from '../../services/sandbox/random.js';

/**
 * 'lost-answer' (only when asked for in `kinds`): the request reaches the service and is carried out, then
 * the connection is cut before the answer gets back, so the client cannot know its request landed.
 */
export type FaultKind = 'throttle' | 'unavailable' | 'reset' | 'timeout' | 'lost-answer';

export interface FaultProxyOptions {
  /** Where requests go: http://127.0.0.1:<port> */
  target: string;
  /** Share (0..1) of requests spoilt; default 0. */
  rate?: number;
  /** Which faults, drawn evenly among the spoilt requests (default all four). */
  kinds?: FaultKind[];
  seed?: number;
  /** Retry-After put on 429/503 answers, in seconds (default 0). */
  retryAfterSeconds?: number;
  /** How long a 'timeout' request is held before it is forwarded anyway (default 3 s). */
  holdMs?: number;
  /** Only requests this returns true for are spoilt (default all), e.g. by the x-original-host header or one CSOM method in the body. */
  applies?: (req: IncomingMessage, body: Buffer) => boolean;
}

/** 'forbidden': every request answered 403 as SharePoint refuses an app without the permission. */
export type DownMode = 'unavailable' | 'reset' | 'blackhole' | 'forbidden';

export interface FaultProxy {
  url: string;
  port: number;
  /** Faults drawn so far, by kind. */
  counts: Record<FaultKind, number> & { forwarded: number };
  /** Changes the share and kinds from now on (the seeded sequence carries on). */
  set(options: Partial<Pick<FaultProxyOptions, 'rate' | 'kinds' | 'retryAfterSeconds' | 'holdMs' | 'applies'>>): void;
  /** Forwards to another address from now on (a service started after the proxy). */
  retarget(target: string): void;
  /** Every request (that `applies`) fails this way until `up()`. */
  down(mode: DownMode): void;
  up(): void;
  close(): Promise<void>;
}

const ALL: FaultKind[] = ['throttle', 'unavailable', 'reset', 'timeout'];

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(options.target);
  let o: FaultProxyOptions = { rate: 0, kinds: ALL, retryAfterSeconds: 0, holdMs: 3_000, ...options };
  let downMode: DownMode | undefined;
  const next = seededRandom(options.seed ?? 7);
  const counts = { throttle: 0, unavailable: 0, reset: 0, timeout: 0, 'lost-answer': 0, forwarded: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const refuse = (res: ServerResponse, status: number) => {
    res.writeHead(status, { 'retry-after': String(o.retryAfterSeconds ?? 0), 'content-type': 'application/json', 'x-ms-error-code': status === 503 ? 'ServerBusy' : 'TooManyRequests' });
    res.end(JSON.stringify({ error: { code: status === 503 ? 'ServiceUnavailable' : 'TooManyRequests', message: 'injected by the fault proxy' } }));
  };

  // SharePoint's own refusal (UnauthorizedAccessException), as the simulated tenants word it.
  const forbid = (res: ServerResponse) => {
    res.writeHead(403, { 'content-type': 'application/json;odata=verbose;charset=utf-8' });
    res.end(JSON.stringify({ error: { code: '-2147024891, System.UnauthorizedAccessException', message: { lang: 'en-US', value: 'Access denied. You do not have permission to perform this action or access this resource.' } } }));
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, loseAnswer = false) => {
    counts.forwarded++;
    const upstream = httpRequest({
      host: target.hostname, port: target.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: target.host },
    }, (answer) => {
      if (loseAnswer) { answer.resume(); req.socket.destroy(); return; }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) { res.writeHead(502); res.end(); } else res.destroy(); });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const applies = o.applies ? o.applies(req, body) : true;
      if (applies && downMode === 'forbidden') return forbid(res);
      const kind: FaultKind | 'none' = !applies ? 'none'
        : downMode === 'unavailable' ? 'unavailable' : downMode === 'reset' ? 'reset' : downMode === 'blackhole' ? 'timeout'
          : draw();
      if (kind === 'none') return forward(req, res, body);
      counts[kind]++;
      if (kind === 'reset') { req.socket.destroy(); return; }
      if (kind === 'throttle') return refuse(res, 429);
      if (kind === 'unavailable') return refuse(res, 503);
      if (kind === 'lost-answer') return forward(req, res, body, true);
      // Held back: black-holed while down, else forwarded late (the client has given up on it by then).
      if (downMode === 'blackhole') return;
      const timer = setTimeout(() => { timers.delete(timer); if (!res.destroyed) forward(req, res, body); }, o.holdMs);
      timers.add(timer);
    });
  });
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  function draw(): FaultKind | 'none' {
    const kinds = o.kinds?.length ? o.kinds : ALL;
    const r = next();
    if (r >= (o.rate ?? 0)) return 'none';
    return kinds[Math.min(kinds.length - 1, Math.floor((r / (o.rate ?? 1)) * kinds.length))]!;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`, port, counts,
    set: (changes) => { o = { ...o, ...changes }; },
    retarget: (url) => { target = new URL(url); },
    down: (mode) => { downMode = mode; },
    up: () => { downMode = undefined; },
    close: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
