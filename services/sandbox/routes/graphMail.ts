// Graph v1.0 POST users/{id | upn}/sendMail: one message from a mailbox of the token's tenant, kept for
// each recipient (mail.ts). Application permission Mail.Send; the documented answer is 202, no body.
//
// INFERRED (errors besides the permission check are not all documented): 404 ErrorInvalidUser for an
// unknown sender, 404 MailboxNotEnabledForRESTAPI for a user without a mailbox, 400 ErrorInvalidRecipients
// for a recipient that is not an address, 400 ErrorInvalidRequest for a body Graph cannot read, and
// 403 ErrorAccessDenied without Mail.Send (Exchange's own code, not Graph's Authorization_RequestDenied).
import type { Answer } from '../httpIo.js';
import type { MailState } from '../mail.js';
import type { GraphRoute } from './graph.js';
import { graphError } from './graphShapes.js';

const SEND_ROLE = 'Mail.Send';
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

interface Recipient { emailAddress?: { address?: unknown } }

export function mailRoute(mail: MailState): GraphRoute {
  return (call) => {
    const m = /^\/users\/([^/]+)\/sendMail$/i.exec(call.path);
    if (!m || call.version !== 'v1.0') return null;
    const { req, tenant } = call;
    if (req.method !== 'POST') return graphError(405, 'ErrorInvalidRequest', `${req.method} is not supported on sendMail.`, req);
    if (!call.claims.roles.includes(SEND_ROLE)) {
      mail.counts.refused++;
      return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', req);
    }
    const key = m[1].toLowerCase();
    const sender = tenant.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key || u.mail?.toLowerCase() === key);
    if (!sender) return graphError(404, 'ErrorInvalidUser', `The requested user '${m[1]}' is invalid.`, req);
    if (!sender.mail) return graphError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', req);
    const parsed = readMessage(req.body.toString('utf8'));
    if ('status' in parsed) return parsed;
    mail.deliver(sender.mail, parsed.to, parsed.subject, parsed.contentType, parsed.content, call.world.now());
    return { status: 202, headers: { 'content-length': '0' } };
  };
}

function readMessage(text: string): { subject: string; contentType: string; content: string; to: string[] } | Answer {
  const bad = (message: string) => graphError(400, 'ErrorInvalidRequest', message);
  let body: { message?: { subject?: unknown; body?: { contentType?: unknown; content?: unknown }; toRecipients?: unknown } };
  try { body = JSON.parse(text) as typeof body; } catch { return bad('Cannot read the request body as JSON.'); }
  const message = body?.message;
  if (!message || typeof message !== 'object') return bad("The request needs a 'message'.");
  if (message.subject !== undefined && typeof message.subject !== 'string') return bad("'subject' must be a string.");
  const contentType = String(message.body?.contentType ?? 'Text');
  if (!/^(html|text)$/i.test(contentType) || typeof message.body?.content !== 'string') return bad("'body' needs contentType Text or HTML and a string content.");
  if (!Array.isArray(message.toRecipients) || message.toRecipients.length === 0) return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.');
  const to = (message.toRecipients as Recipient[]).map((r) => r?.emailAddress?.address);
  if (to.some((a) => typeof a !== 'string' || !ADDRESS.test(a))) return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  return { subject: message.subject ?? '', contentType, content: message.body.content, to: to as string[] };
}
