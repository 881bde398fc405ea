// One loopback HTTP server for every simulated host: picks the host service by Host / x-original-host,
// applies the fault knobs, counts requests, and writes the service's answer.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './faults.js';
import type { Answer, SandboxRequest } from './httpIo.js';
import { ORIGINAL_HOST_HEADER } from './types.js';

/** One simulated service: which hosts it plays and how it answers, faults and failures included. */
export interface HostService {
  readonly name: string;
  /** `path` lets a service also answer on the sandbox's own address under a path prefix (the connector). */
  matches(host: string, path?: string): boolean;
  handle(req: SandboxRequest): Promise<Answer> | Answer;
  /** The service's own shape for 429 / 503 (with Retry-After) and for an unexpected failure (500). */
  failure(status: 429 | 503 | 500, retryAfter?: string): Answer;
  /** The sandbox's own control route (not a simulated Microsoft service): never faulted. */
  readonly control?: boolean;
}

export interface ServerStats {
  requests: number;
  throttled: number;
  unavailable: number;
  resets: number;
  byHost: Record<string, number>;
  /** Injected faults per host and kind, so a test can tell that each dependency had each kind. */
  faultsByHost: Record<string, { throttled: number; unavailable: number; resets: number }>;
}

export interface RunningServer {
  port: number;
  stats(): ServerStats;
  close(): Promise<void>;
}

function requestHost(req: IncomingMessage): string {
  const original = req.headers[ORIGINAL_HOST_HEADER];
  const raw = (Array.isArray(original) ? original[0] : original) || req.headers.host || '';
  return raw.replace(/:\d+$/, '').toLowerCase();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers ?? {});
  res.end(answer.body ?? '');
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startServer(port: number, services: HostService[], faults: FaultInjector): Promise<RunningServer> {
  const stats: ServerStats = { requests: 0, throttled: 0, unavailable: 0, resets: 0, byHost: {}, faultsByHost: {} };
  const faulted = (host: string, kind: 'throttled' | 'unavailable' | 'resets') => {
    stats[kind]++;
    (stats.faultsByHost[host] ??= { throttled: 0, unavailable: 0, resets: 0 })[kind]++;
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = requestHost(req);
    stats.requests++;
    stats.byHost[host] = (stats.byHost[host] ?? 0) + 1;
    const body = await readBody(req);
    const service = services.find((s) => s.matches(host, req.url ?? '/'));
    if (!service) return write(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: `The sandbox does not serve host '${host}'.` });
    const decision = service.control ? { kind: 'none' as const } : faults.decide(host, Date.now(), { method: req.method ?? 'GET', path: req.url ?? '/', body });
    if (decision.kind === 'reset') {
      faulted(host, 'resets');
      req.socket.destroy();
      return;
    }
    const latency = service.control ? 0 : faults.latencyMs(host);
    if (latency > 0) await delay(latency);
    if (decision.kind === 'throttle' || decision.kind === 'unavailable') {
      faulted(host, decision.kind === 'throttle' ? 'throttled' : 'unavailable');
      return write(res, service.failure(decision.kind === 'throttle' ? 429 : 503, decision.retryAfter));
    }
    const url = new URL(req.url ?? '/', `https://${host}`);
    write(res, await service.handle({ method: req.method ?? 'GET', host, url, headers: req.headers, body }));
  }

  const server: Server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      const service = services.find((s) => s.matches(requestHost(req), req.url ?? '/'));
      if (res.headersSent || res.destroyed) return;
      // Unexpected failures answer in the service's 500 shape; the message never carries request data.
      write(res, service ? service.failure(500) : { status: 500, body: 'Internal error' });
      process.emitWarning(`sandbox: ${(err as Error)?.message ?? String(err)}`);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stats: () => ({ ...stats, byHost: { ...stats.byHost }, faultsByHost: Object.fromEntries(Object.entries(stats.faultsByHost).map(([h, c]) => [h, { ...c }])) }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
