// A deadline for a question asked while a person waits (services/approvals/roleCheck.ts, bot/approvalSetup.ts).
/**
 * The answer, or a rejection once the deadline passes, whichever comes first. Given to the call too, the
 * signal stops its request; this also bounds what runs before the request (a sign-in, with retries of its
 * own), for answers a person is waiting for inside the 2 s a message is answered in.
 */
export function beforeDeadline<T>(answer: Promise<T>, deadline: AbortSignal): Promise<T> {
  answer.catch(() => undefined); // a late failure of an answer no longer waited for is not unhandled
  return new Promise<T>((resolve, reject) => {
    const late = () => reject(deadline.reason);
    if (deadline.aborted) return late();
    deadline.addEventListener('abort', late, { once: true });
    answer.then(resolve, reject).finally(() => deadline.removeEventListener('abort', late));
  });
}
