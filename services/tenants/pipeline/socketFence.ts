// The fence checked once more at the last moment a request can still be held back: when Node's fetch
// (undici) has a socket for it and is about to write it. Checking only before calling fetch leaves a gap of
// several event-loop turns (building the request, waiting for a pooled socket or a new connection); a process
// stopped inside that gap (SIGSTOP, a VM paused) would send the request on waking, after its lease ran out and
// another instance took the work over. undici calls a handler's onConnect just before it writes the request,
// in the same synchronous slice, and lets it abort there; so the gap left is that slice alone. No fence can
// close it entirely while SharePoint takes no fencing token; the steps' re-checks (jobs/steps.ts) cover it.
//
// Why no library: this is one handler hook on the dispatcher fetch already uses. Node's fetch takes a
// `dispatcher` in its init (undici's documented extension) and keeps its global one under undici's documented
// symbol; we reuse that one, so pooling and keep-alive stay as they are. Where either is not there (another
// runtime, a later undici that no longer calls onConnect), requests go out as before, checked before fetch.
import { FencedError, type Fence } from '../../core/fence.js';

interface DispatchHandler { onConnect?: (abort: (err?: Error) => void) => void }
interface Dispatcher { dispatch(options: unknown, handler: DispatchHandler): boolean }

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
let ready: Promise<Dispatcher | undefined> | undefined;

/**
 * Node's own fetch dispatcher, created by its first fetch (a data: URL sends nothing anywhere). It is kept on
 * the global object of fetch's own realm, which is not ours when this module runs in a vm context (jest runs
 * tests so): fetch's Function constructor builds a function in that realm, which answers its globalThis.
 */
function globalDispatcher(): Promise<Dispatcher | undefined> {
  ready ??= fetch('data:,').then(() => undefined, () => undefined).then(() => {
    const realm = (fetch.constructor as FunctionConstructor)('return globalThis')() as Record<symbol, unknown>;
    const d = realm[GLOBAL_DISPATCHER] as Dispatcher | undefined;
    return typeof d?.dispatch === 'function' ? d : undefined;
  });
  return ready;
}

export interface SocketFence {
  /** undici's `dispatcher` for fetch's init. */
  dispatcher: object;
  /** Whether it held a request back. fetch reports that as TypeError('fetch failed') with a cause that may not be our error (undici wraps an error of another realm), so the caller asks here. */
  refused(): boolean;
}

/** A dispatcher that aborts a request at its socket, before any byte is written, once `fence` is no longer valid. */
export async function socketFence(fence: Fence): Promise<SocketFence | undefined> {
  const inner = await globalDispatcher();
  if (!inner) return undefined;
  let refused = false;
  const dispatcher = {
    dispatch(options: unknown, handler: DispatchHandler): boolean {
      if (typeof handler.onConnect !== 'function') return inner.dispatch(options, handler);
      const checked = new Proxy(handler, {
        get(target, prop) {
          if (prop === 'onConnect') {
            return (abort: (err?: Error) => void) => {
              if (fence.valid) return target.onConnect!(abort);
              refused = true;
              return abort(new FencedError());
            };
          }
          const value: unknown = Reflect.get(target, prop);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return inner.dispatch(options, checked);
    },
  };
  return { dispatcher, refused: () => refused };
}
