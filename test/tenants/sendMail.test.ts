// sendMail over real HTTP against the simulated tenants: the documented request and its 202, the message
// in the recipient's mailbox, and each refusal as a TenantError that says what to fix (no Mail.Send, an
// unknown sender, a recipient that is not an address); a throttled send is retried like any call, one
// cut off is never sent again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError, ThrottledError, UnreachableError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { DEFAULT_RETRY_POLICY, DEFAULT_USER_AGENT } from '../../services/tenants/index.js';
import { clientFor, errorOf as refusal, recordingClientFor, type SentRequest } from './helpers/sandboxClient.js';

const errorOf = (p: Promise<unknown>) => refusal<TenantError>(p);

let sandbox: SandboxHandle;
const sent: SentRequest[] = [];
const mailbox = () => sandbox.scenario!.helpMailbox!;
const someone = () => sandbox.scenario!.users.find(u => u.status === 'completed' && !u.targetUpn.includes("'"))!.targetUpn;

beforeAll(async () => { sandbox = await startSandbox({ users: 12 }); });
afterAll(async () => { await sandbox.close(); });

describe('sendMail', () => {
  it('sends the documented request, answered 202; the recipient\'s mailbox holds the message', async () => {
    const client = recordingClientFor(sandbox, 'target', sent);
    const to = someone();
    await expect(client.sendMail(mailbox(), to, 'Your OneDrive has moved', '<p>Hello &amp; welcome</p>')).resolves.toBeUndefined();
    const post = sent.filter(s => s.method === 'POST').at(-1)!;
    expect(post.url).toBe(`https://graph.microsoft.com/v1.0/users/${mailbox()}/sendMail`);
    expect(JSON.parse(post.body)).toEqual({
      message: { subject: 'Your OneDrive has moved', body: { contentType: 'HTML', content: '<p>Hello &amp; welcome</p>' }, toRecipients: [{ emailAddress: { address: to } }] },
      saveToSentItems: false,
    });
    expect(post.headers.get('user-agent')).toBe(DEFAULT_USER_AGENT);
    const received = sandbox.mail(to);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: mailbox(), to, subject: 'Your OneDrive has moved', contentType: 'HTML', content: '<p>Hello &amp; welcome</p>' });
    expect(sandbox.stats().mail).toEqual({ sent: 1, refused: 0 });
  });

  it('without Mail.Send: 403, and the error names the permission to grant', async () => {
    const narrow = await startSandbox({ users: 10, appRoles: { fabrikam: ['User.Read.All'] } });
    try {
      const err = await errorOf(clientFor(narrow, 'target').client.sendMail(narrow.scenario!.helpMailbox!, narrow.scenario!.users[0]!.targetUpn, 's', '<p>x</p>'));
      expect(err).toBeInstanceOf(TenantError);
      expect(err.httpStatus).toBe(403);
      expect(err.serviceCode).toBe('ErrorAccessDenied');
      expect(err.message).toContain('Mail.Send');
      expect(narrow.mail(narrow.scenario!.users[0]!.targetUpn)).toEqual([]);
      expect(narrow.stats().mail?.refused).toBe(1);
    } finally { await narrow.close(); }
  });

  it('an unknown sender: 404, and the error says to fix GUIDANCE_MAIL_FROM', async () => {
    const err = await errorOf(clientFor(sandbox, 'target').client.sendMail('nobody.here@fabrikam.com', someone(), 's', '<p>x</p>'));
    expect(err).toBeInstanceOf(TenantError);
    expect(err.httpStatus).toBe(404);
    expect(err.serviceCode).toBe('ErrorInvalidUser');
    expect(err.message).toContain('GUIDANCE_MAIL_FROM');
    // A mailbox of the other tenant is unknown here too: the sender must be on the tenant of the token.
    const other = await errorOf(clientFor(sandbox, 'target').client.sendMail(sandbox.scenario!.users[0]!.sourceUpn, someone(), 's', '<p>x</p>'));
    expect(other.httpStatus).toBe(404);
  });

  it('a recipient that is not an address: 400, pointing at the identity map', async () => {
    const err = await errorOf(clientFor(sandbox, 'target').client.sendMail(mailbox(), 'not-an-address', 's', '<p>x</p>'));
    expect(err.httpStatus).toBe(400);
    expect(err.serviceCode).toBe('ErrorInvalidRecipients');
    expect(err.message).toContain('TargetUserEmail');
  });

  it('a malformed body is refused by the sandbox with 400', async () => {
    const client = clientFor(sandbox, 'target', {
      // Corrupts the body on the wire, below the client: what the route does with a body Graph cannot read.
      wrap: send => (url, init) => send(url, url.pathname.endsWith('/sendMail') ? { ...init, body: '{"message": ' } : init),
    }).client;
    const err = await errorOf(client.sendMail(mailbox(), someone(), 's', '<p>x</p>'));
    expect(err.httpStatus).toBe(400);
    expect(err.serviceCode).toBe('ErrorInvalidRequest');
  });

  it.each([
    ['throttled (429): retried by the pipeline like any call, its worst case of tries, nothing sent', { throttleRate: 1 }, DEFAULT_RETRY_POLICY.maxAttempts, ThrottledError],
    ['cut off (reset): made once, since Exchange may have taken it', { resetRate: 1 }, 1, UnreachableError],
  ] as const)('%s', async (_name, fault, posts, kind) => {
    const sendMails: string[] = [];
    const recording = clientFor(sandbox, 'target', {
      retry: DEFAULT_RETRY_POLICY,
      wrap: send => (url, init) => { if (url.pathname.endsWith('/sendMail')) sendMails.push(url.href); return send(url, init); },
    }).client;
    await recording.getUser(someone()); // a token first, while Graph still answers
    const before = sandbox.stats().mail!.sent;
    sandbox.setFaults({ ...fault, retryAfterSeconds: 0, hosts: ['graph.microsoft.com'] });
    try {
      const err = await refusal<Error>(recording.sendMail(mailbox(), someone(), 's', '<p>x</p>'));
      expect(err).toBeInstanceOf(kind);
    } finally { sandbox.setFaults({}); }
    expect(sendMails).toHaveLength(posts);
    expect(sandbox.stats().mail!.sent).toBe(before);
  }, 30_000);
});
