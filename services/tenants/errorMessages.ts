// The one table from a service's error code to what an admin should do about it. Entra codes are the
// documented AADSTS numbers; the MnA names come from the public CSOM enum `MnAStatusCode` (the Learn pages
// do not list them, so the advice is our reading of each name). bot/errorReplies.ts shows `userMessage`.
import { TenantError } from '../errors.js';

type Advice = (serviceMessage: string, ctx: { tenantId?: string; clientId?: string }) => string;

const ENTRA: Record<string, Advice> = {
  AADSTS700027: (m, c) => `Entra rejected the app's certificate${keyReason(m)}. Upload this certificate to app registration ${c.clientId} (Certificates & secrets) in tenant ${c.tenantId}, or point the CERT_PATH setting at the certificate that is registered there.`,
  AADSTS700016: (_m, c) => `App ${c.clientId} was not found in tenant ${c.tenantId}. Check the CLIENT_ID setting, and that the app is registered in this tenant or has been granted admin consent there.`,
  AADSTS90002: (_m, c) => `Tenant ${c.tenantId} was not found. Check the TENANT_ID setting (the directory GUID or the .onmicrosoft.com name).`,
  AADSTS700024: () => 'Entra rejected the sign-in because its time stamp is out of range. Check that this machine\'s clock is correct.',
  AADSTS500011: () => 'Entra does not know the SharePoint or Graph resource asked for. Check the ADMIN_URL and GRAPH_URL settings for this tenant.',
  invalid_client: (_m, c) => `Entra rejected app ${c.clientId}'s credentials. Check that the certificate in CERT_PATH is the one registered on the app in tenant ${c.tenantId}.`,
};

const MNA: Record<string, string> = {
  FeatureIsNotEnabled: 'Cross-tenant OneDrive migration is not enabled on this tenant. Check that the Cross-Tenant User Data Migration add-on is licensed here, then try again.',
  MnATrustNoSetupForPartner: 'There is no cross-tenant relationship with that partner on this tenant (never set up, or already removed). Check the partner host URL.',
  MnATrustNoSetupForPartnerInRole: 'A relationship with that partner exists, but not in that role. Check the partner role (Source or Target) you used.',
  MnATrustNotEstablishedByPartner: 'This tenant has the relationship, but the partner tenant has not set up its side. Set the matching relationship on the partner tenant.',
  MnATrustDormant: 'The relationship is set up but still dormant (it can take up to 7 days to activate). Wait, then verify it again.',
  MnATrustDormantByPartner: 'The partner tenant\'s side of the relationship is still dormant. Wait, then verify it again on the partner tenant.',
  MnATrustCouldNotContactPartner: 'SharePoint could not contact the partner tenant to check the relationship. Check the partner host URL, then try again later.',
  MnAReverseTrustNeedsRequiredPartnerRole: 'Moving a user back needs a relationship in the reverse direction. Set it up on both tenants with the roles swapped, then try again.',
  MnAIdentityMapEntryDoesNotExistsForSourceUPN: 'The user is not in the identity map on the target tenant. Add them to the identity map, upload it again, then retry.',
  MnAOdbUsersAreNotLicensed: 'The user has no licence that includes OneDrive. Assign one on both tenants, then retry.',
  MnATargetUserDoesNotExist: 'The target user does not exist on the target tenant. Create or sync the account first, then retry.',
  MnATargetUserIsNotSpoEnabled: 'The target user has no SharePoint Online service plan. Enable SharePoint in the user\'s licence, then retry.',
  MnASiteMoveTargetUrlHasWriteConflict: 'A site already exists at the destination URL (often a redirect site a previous move left). Remove it and purge it from the tenant recycle bin, then start the move again.',
  MnASiteMoveIsInprogressOrFinished: 'A move for this user or site is already in progress or has finished. Check it with "move status".',
  MnAOdbForSourceUPNDoesNotExist: 'The source user has no OneDrive to move. Check the UPN.',
  MnAOdbMoveJobNotFoundBySourceUpn: 'No move was found for that source UPN on this tenant. Check the UPN and the tenant you asked.',
  MnAMoveJobStopFailedBecauseJobInProgress: 'The move has already started and can no longer be stopped. Wait for it to finish.',
};

const CSOM: Record<string, (m: string) => string> = {
  'Microsoft.Online.SharePoint.Common.SpoNoSiteException': m => `No site exists at that address (${m}). Check the URL; the site may already have been removed.`,
  'System.ArgumentException': m => `SharePoint rejected the request: ${m}`,
  // CSOM's "Access denied" on a site the app may otherwise change: admins meet it when removing redirect
  // sites that are locked (issue 4). The app's missing permission answers HTTP 401/403 instead (httpError).
  'System.UnauthorizedAccessException': m => `SharePoint denied access (${m}). If the site is locked (LockState NoAccess or ReadOnly), unlock it first (Set-SPOSite -LockState Unlock), or plan the removal with unlock.`,
};

const MNA_NAME = new RegExp(`\\b(${Object.keys(MNA).join('|')})\\b`);

/**
 * Refusals known by their words, since their ErrorValue and type are not public. The feature refusal's
 * text is the one users report (microsoft-365-docs #10255, #12073); the hold refusal's is the one Learn
 * ("Manage site redirects") gives for a redirect under a retention policy.
 */
const WORDED: Array<{ words: RegExp; code: string; advice: (m: string) => string }> = [
  { words: /cross-tenant content move feature is not enabled/i, code: 'FeatureIsNotEnabled', advice: (m) => `${MNA.FeatureIsNotEnabled} (SharePoint said: ${m})` },
  {
    words: /operation is not supported for the site/i, code: 'SiteUnderHold',
    advice: (m) => `SharePoint refused to remove the site (${m}). This is what it answers for a site under a retention policy or hold: `
      + 'exclude the site from the policy or release the hold in Microsoft Purview, then retry.',
  },
];

/** An Entra failure, as msal reports it (errorCode `invalid_client`, AADSTS number in the message). */
export function tokenError(err: unknown, tenantId: string, clientId: string): TenantError {
  const e = err as { errorCode?: string; errorNo?: string; errorMessage?: string; message?: string; status?: number; httpStatus?: number };
  const message = e.errorMessage ?? e.message ?? String(err);
  const aadsts = /AADSTS\d+/.exec(message)?.[0] ?? (e.errorNo ? `AADSTS${e.errorNo}` : undefined);
  const code = aadsts && ENTRA[aadsts] ? aadsts : e.errorCode ?? aadsts ?? 'token';
  const advice = ENTRA[code];
  const text = advice ? advice(message, { tenantId, clientId })
    : `Could not get a token from Entra for app ${clientId} in tenant ${tenantId}: ${firstLine(message)}`;
  return new TenantError(code, text, e.status ?? e.httpStatus, { entraCode: e.errorCode, aadsts });
}

export interface CsomErrorInfo { ErrorMessage?: string | null; ErrorValue?: string | null; ErrorCode?: number; ErrorTypeName?: string | null; TraceCorrelationId?: string | null }

/** A CSOM reply whose ErrorInfo is set (HTTP 200 all the same). */
export function csomError(info: CsomErrorInfo): TenantError {
  const message = info.ErrorMessage ?? '';
  const worded = WORDED.find((w) => w.words.test(message));
  if (worded) return new TenantError(worded.code, worded.advice(message), 200, { errorCode: info.ErrorCode, correlationId: info.TraceCorrelationId, errorType: info.ErrorTypeName });
  const mna = MNA_NAME.exec(`${message} ${info.ErrorValue ?? ''} ${info.ErrorTypeName ?? ''}`)?.[1];
  const code = mna ?? info.ErrorTypeName ?? `CSOM ${info.ErrorCode ?? 'error'}`;
  const text = mna ? `${MNA[mna]} (SharePoint said: ${message})`
    : CSOM[code]?.(message) ?? `SharePoint answered with an error: ${message || code}`;
  return new TenantError(code, text, 200, { errorCode: info.ErrorCode, correlationId: info.TraceCorrelationId });
}

/** An HTTP error answer from SharePoint REST or Graph. */
export function httpError(service: 'SharePoint' | 'Graph', status: number, serviceCode: string | undefined, serviceMessage: string, host: string): TenantError {
  const code = serviceCode ?? `HTTP ${status}`;
  let text: string;
  if (status === 401 || status === 403) {
    text = service === 'SharePoint'
      ? `SharePoint (${host}) refused the app (HTTP ${status}). Give the app registration the SharePoint application permission Sites.FullControl.All, grant admin consent, and sign in with a certificate (SharePoint refuses app-only tokens got with a secret).`
      : `Microsoft Graph refused the app (HTTP ${status}). Grant the application permissions it needs (User.Read.All, SharePointCrossTenantMigration.Read.All, and SharePointCrossTenantMigration.Manage.All to start or stop moves) and admin consent.`;
  } else if (service === 'Graph' && status === 422) {
    return noCrossTenantRelationship(serviceMessage);
  } else if (MNA_NAME.test(`${serviceCode ?? ''} ${serviceMessage}`)) {
    // A move refused by the service (Graph 400) names the MnAStatusCode in its code or message: that
    // name is the error's code, so callers and the audit see the cause, with our advice for it.
    const mna = MNA_NAME.exec(`${serviceCode ?? ''} ${serviceMessage}`)?.[1] as string;
    return new TenantError(mna, `${MNA[mna]} (${service} said: ${firstLine(serviceMessage)})`, status, { serviceCode });
  } else {
    text = `${service} (${host}) answered HTTP ${status}${serviceMessage ? `: ${firstLine(serviceMessage)}` : ''}`;
  }
  return new TenantError(code, text, status);
}

export function noCrossTenantRelationship(serviceMessage: string): TenantError {
  return new TenantError('NoCrossTenantRelationship',
    'The cross-tenant relationship is gone, so Graph can no longer report live move states. '
    + `Use the move states recorded before trust was removed. (Graph said: ${firstLine(serviceMessage)})`, 422);
}

/** Entra's own reason for a refused key ("The key used is expired.") says what to do; the thumbprints after it do not. */
function keyReason(message: string): string {
  const reason = /\[Reason - ([^.,\]]+)/.exec(message)?.[1];
  return reason ? ` (Entra: ${reason.trim()})` : '';
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300);
}
