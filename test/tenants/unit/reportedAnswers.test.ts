// Answers the services are reported to give, read by the clients: the feature refusal by its words, the
// migration routes' 403 "Access denied", and a redirect site's `_api/web` answering 401.
import { describe, expect, it } from '@jest/globals';
import { csomError, httpError } from '../../../services/tenants/errorMessages.js';
import { getSite } from '../../../services/tenants/operations/getSite.js';
import { wireJson } from '../helpers/fixtures.js';
import { scriptedCsom } from '../helpers/scriptedCsom.js';

type ErrorBody = [{ ErrorInfo: Parameters<typeof csomError>[0] }];

describe('feature not enabled', () => {
  it('is recognised by the words users report, with no ErrorValue to go by', () => {
    const err = csomError(wireJson<ErrorBody>('csom-error-feature-not-enabled.json')[0].ErrorInfo);
    expect(err.serviceCode).toBe('FeatureIsNotEnabled');
    expect(err.userMessage).toContain('Cross-Tenant User Data Migration add-on');
    expect(err.userMessage).toContain('The Cross-Tenant content move feature is not enabled for this tenant.');
  });
});

describe('Graph 403 on the migration routes', () => {
  it('"Access denied" (as the docs list it) gets the permission advice', () => {
    const err = httpError('Graph', 403, 'accessDenied', 'Access denied', 'graph.microsoft.com');
    expect(err.httpStatus).toBe(403);
    expect(err.userMessage).toContain('SharePointCrossTenantMigration.Manage.All');
  });
});

describe('a redirect site\'s _api/web', () => {
  it('answering 401 counts as a reachable redirect site, not as a failure', async () => {
    const s = scriptedCsom([]);
    const url = 'https://woodgrove-my.sharepoint.com/personal/kate_woodgrove_com';
    s.ctx.spo.readWeb = async () => { throw httpError('SharePoint', 401, undefined, '', 'woodgrove-my.sharepoint.com'); };
    expect(await getSite(s.ctx, url)).toEqual({ url, exists: true, isRedirect: true, reachable: true });
  });
});
