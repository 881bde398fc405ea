// The child's side of a bench process (benchProcesses.ts): it says it is ready, with what the parent needs
// to reach it, then answers the parent's requests by name over the IPC channel. Nothing but the bench's
// own figures travels here; the traffic under measure goes over HTTP.

export type Handlers = Record<string, (request: Record<string, unknown>) => unknown>;

interface Request { id: number; ask: string; [key: string]: unknown }

export function answerParent(ready: object, handlers: Handlers): void {
  if (!process.send) throw new Error('a bench process is started by the bench (child_process.fork), with an IPC channel');
  const send = process.send.bind(process);
  process.on('message', (raw: unknown) => {
    const request = raw as Request;
    const handler: Handlers[string] | undefined = { cpu: cpuMs, ...handlers }[request.ask];
    Promise.resolve()
      .then(() => { if (!handler) throw new Error(`no handler for ${request.ask}`); return handler(request); })
      .then((answer) => send({ id: request.id, answer }), (err: unknown) => send({ id: request.id, error: err instanceof Error ? err.message : String(err) }));
  });
  // The parent gone (it crashed or was killed), nothing is left to measure for.
  process.on('disconnect', () => process.exit(0));
  send({ ready });
}

/** CPU time this process has used so far, user and system, in ms: what a turn costs, whatever the machine's load. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface Memory { rssMb: number; heapUsedMb: number }

/**
 * Resident and heap memory after a full collection, so the figure is what the process keeps, not what
 * it has yet to collect (the bench starts its children with --expose-gc).
 */
export function memoryNow(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1048576, heapUsedMb: m.heapUsed / 1048576 };
}
