// Sends one e-mail from a mailbox of this tenant: Graph v1.0 POST users/{from}/sendMail (application
// permission Mail.Send), answered 202 Accepted with no body. Used for the guidance e-mail fallback.
//
// INFERRED (the one place these shapes are assumed; the docs give the request and the 202, not every error):
// - 404 ErrorInvalidUser names a sender Graph does not know; 404 MailboxNotEnabledForRESTAPI a user
//   without an Exchange Online mailbox. Either way the configured sender is wrong.
// - 403 ErrorAccessDenied (or Authorization_RequestDenied) means the token lacks Mail.Send, or an
//   application access policy keeps the app away from that mailbox.
// - 400 ErrorInvalidRecipients names a recipient address Exchange will not take.
//
// Only throttling (429, 503 with Retry-After: nothing was sent) is retried, by the pipeline like every
// call. A 202 that never reached us (a reset, a gateway timeout) may still have sent the mail, and
// sendMail has no idempotency key, so such a call is made once and the caller decides what to do about it.
import { TenantError } from '../../errors.js';
import type { Graph } from '../graph.js';
import { userPath } from './getUser.js';

export interface MailMessage { subject: string; html: string }

/** `mailGraph`: a Graph channel whose transport retries throttling only (see above). */
export async function sendMail(mailGraph: Graph, from: string, to: string, message: MailMessage, signal?: AbortSignal): Promise<void> {
  const body = {
    message: {
      subject: message.subject,
      body: { contentType: 'HTML', content: message.html },
      toRecipients: [{ emailAddress: { address: to } }],
    },
    saveToSentItems: false,
  };
  try {
    await mailGraph.postJson<unknown>(`${userPath(from)}/sendMail`, body, signal);
  } catch (err) {
    if (!(err instanceof TenantError)) throw err;
    if (err.httpStatus === 404) {
      throw new TenantError(err.serviceCode, `Microsoft Graph has no mailbox ${from} to send from (HTTP ${err.httpStatus} ${err.serviceCode}). Set GUIDANCE_MAIL_FROM to the address of a mailbox on the target tenant (a user or shared mailbox with an Exchange Online licence), or leave it empty to send no e-mail.`, err.httpStatus);
    }
    if (err.httpStatus === 403 || err.httpStatus === 401) {
      throw new TenantError(err.serviceCode, `Microsoft Graph refused to send e-mail from ${from} (HTTP ${err.httpStatus} ${err.serviceCode}). Grant the target tenant's app the application permission Mail.Send and admin consent; if an application access policy limits the app's mailboxes, include ${from} in it.`, err.httpStatus);
    }
    if (err.httpStatus === 400 && err.serviceCode === 'ErrorInvalidRecipients') {
      throw new TenantError(err.serviceCode, `Exchange refused the recipient ${to} (HTTP 400 ErrorInvalidRecipients). Check TargetUserEmail in the identity map for this person.`, 400);
    }
    throw err;
  }
}
