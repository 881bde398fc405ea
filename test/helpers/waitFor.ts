// The one way a test waits for something asynchronous: poll until it holds, with a deadline that names what was
// awaited. Never a fixed sleep before an assertion that something happened: a busy machine outlasts any sleep.

/** Polls `ok` until it holds; a throw from `ok` ends the wait at once with that error. */
export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
