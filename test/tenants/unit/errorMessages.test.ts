import { describe, expect, it } from '@jest/globals';
import { csomError, httpError, tokenError } from '../../../services/tenants/errorMessages.js';
import { moveStatePath } from '../../../services/tenants/operations/getMoveState.js';
import { userPath } from '../../../services/tenants/operations/getUser.js';

const TENANT = '3f1c2b4a-0000-4000-8000-00000000d001';
const CLIENT = '9a8b7c6d-0000-4000-8000-00000000c001';

/** msal-node's ServerError carries Entra's `error` as errorCode and the description as errorMessage. */
const entra = (error: string, description: string, status: number) => ({ errorCode: error, errorMessage: description, status });

describe('Entra failures', () => {
  it('AADSTS700027: the certificate is not the one registered on the app', () => {
    const err = tokenError(entra('invalid_client', 'AADSTS700027: Client assertion contains an invalid signature. Trace ID: x', 401), TENANT, CLIENT);
    expect(err.serviceCode).toBe('AADSTS700027');
    expect(err.httpStatus).toBe(401);
    expect(err.userMessage).toContain(`app registration ${CLIENT}`);
    expect(err.userMessage).toContain('CERT_PATH');
  });
  it('AADSTS700016: the app is not in that tenant', () => {
    expect(tokenError(entra('unauthorized_client', 'AADSTS700016: Application with identifier … was not found', 400), TENANT, CLIENT).userMessage)
      .toContain(`App ${CLIENT} was not found in tenant ${TENANT}`);
  });
  it('AADSTS90002: the tenant id is wrong', () => {
    expect(tokenError(entra('invalid_request', 'AADSTS90002: Tenant not found.', 400), TENANT, CLIENT).serviceCode).toBe('AADSTS90002');
  });
  it('invalid_client without a known AADSTS number still points at the certificate', () => {
    const err = tokenError(entra('invalid_client', 'AADSTS123456: something new', 401), TENANT, CLIENT);
    expect(err.serviceCode).toBe('invalid_client');
    expect(err.userMessage).toContain('certificate');
  });
  it('anything else keeps the first line of what Entra said', () => {
    const err = tokenError(new Error('network_error: line one\nline two'), TENANT, CLIENT);
    expect(err.userMessage).toContain('line one');
    expect(err.userMessage).not.toContain('line two');
  });
});

describe('service failures', () => {
  it('SharePoint 401/403: the Sites.FullControl.All permission and admin consent', () => {
    const err = httpError('SharePoint', 403, '-2147024891, System.UnauthorizedAccessException', 'Access denied.', 'contoso-admin.sharepoint.com');
    expect(err.userMessage).toContain('Sites.FullControl.All');
    expect(err.serviceCode).toBe('-2147024891, System.UnauthorizedAccessException');
  });
  it('Graph 403: the Graph application permissions', () => {
    expect(httpError('Graph', 403, 'Authorization_RequestDenied', 'Insufficient privileges', 'graph.microsoft.com').userMessage)
      .toContain('SharePointCrossTenantMigration.Read.All');
  });
  it('Graph 422: trust is gone, so live move states cannot be read', () => {
    const err = httpError('Graph', 422, 'unprocessableEntity', 'There is no Cross-Tenant relationship established for partner https://fabrikam-my.sharepoint.com and role target.', 'graph.microsoft.com');
    expect(err.serviceCode).toBe('NoCrossTenantRelationship');
    expect(err.httpStatus).toBe(422);
    expect(err.userMessage).toMatch(/relationship is gone/);
    expect(err.userMessage).toMatch(/recorded before trust was removed/);
  });
  it('an MnA status code anywhere in ErrorInfo becomes the code, with its advice', () => {
    const err = csomError({ ErrorMessage: 'Move failed', ErrorValue: 'MnASiteMoveTargetUrlHasWriteConflict', ErrorTypeName: 'Microsoft.SharePoint.SPException', ErrorCode: -1 });
    expect(err.serviceCode).toBe('MnASiteMoveTargetUrlHasWriteConflict');
    expect(err.userMessage).toMatch(/purge it from the tenant recycle bin/);
  });
  it('an unknown CSOM error type is shown with the service\'s message', () => {
    const err = csomError({ ErrorMessage: 'Something odd.', ErrorTypeName: 'Microsoft.SharePoint.SPException', ErrorCode: -2146232832 });
    expect(err.serviceCode).toBe('Microsoft.SharePoint.SPException');
    expect(err.userMessage).toContain('Something odd.');
  });
});

describe('Graph paths', () => {
  it('doubles an apostrophe inside the OData string literal and keeps @ readable', () => {
    expect(moveStatePath("dee.o'hara@northwind.com")).toBe(
      "/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks/getBySourceUserPrincipalName(sourcePrincipalName='dee.o''hara@northwind.com')");
  });
  it('percent-encodes characters that would break the path', () => {
    expect(moveStatePath('a#b/c?d@x.com')).toContain("sourcePrincipalName='a%23b%2Fc%3Fd@x.com'");
  });
  it('reads a user by UPN, and a UPN starting with $ by key', () => {
    expect(userPath('ana@woodgrove.com')).toBe('/v1.0/users/ana@woodgrove.com');
    expect(userPath("$svc'x@woodgrove.com")).toBe("/v1.0/users('%24svc''x@woodgrove.com')");
  });
});
