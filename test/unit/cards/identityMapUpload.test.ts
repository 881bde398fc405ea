import { describe, expect, it } from '@jest/globals';
import { renderIdentityMapUploadCard, SHOWN_PROBLEMS, type IdentityMapUploadCardData } from '../../../cards/identityMapUpload.js';
import { CARD_BUDGET_BYTES, type CardView } from '../../../cards/render.js';
import { cardText } from '../../helpers/cards.js';
import { cardProblems } from '../../helpers/cardValidation.js';

const LONG = 'x'.repeat(60);
// The importer's worst case: 100 problems kept, long values shown (60 characters) in each reason.
const problems = Array.from({ length: 100 }, (_, i) => ({
  line: i + 1, column: 'TargetUserEmail', reason: `TargetUserEmail "${LONG}…" is not an email address`,
}));

const samples: Record<string, IdentityMapUploadCardData> = {
  imported: { kind: 'imported', fileName: 'map.csv', users: 250, groups: 2, replaced: 'configured' },
  rejected: { kind: 'rejected', fileName: 'map.csv', problems, errorCount: 4321 },
  rejectedFile: { kind: 'rejected', fileName: 'map.csv', problems: [{ line: 0, reason: 'the file is larger than 50 MB' }], errorCount: 1 },
  refused: { kind: 'refused', message: 'Send the identity map in your personal chat with me.' },
  downloadFailed: { kind: 'downloadFailed', fileName: 'map.csv', message: 'contoso-my.sharepoint.com answered HTTP 404.' },
  siteMapImported: { kind: 'imported', map: 'site', fileName: 'sites.csv', sites: 2000, groups: 500, replaced: 'none' },
  siteMapRejected: { kind: 'rejected', map: 'site', fileName: 'sites.csv', problems: [{ line: 1, column: 'header', reason: 'the first line must be the header' }], errorCount: 1 },
};

describe('identity-map upload card', () => {
  it.each(Object.keys(samples))('%s parses without problems, at 1.5, banner in sandbox only, under the budget', (name) => {
    for (const view of [{ sandbox: true }, { sandbox: false }] as CardView[]) {
      const card = renderIdentityMapUploadCard(samples[name]!, view);
      expect(cardProblems(card)).toEqual([]);
      expect(card.version).toBe('1.5');
      expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data/);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BUDGET_BYTES);
      expect(cardText(card).startsWith('Simulated tenants')).toBe(view.sandbox);
    }
  });

  it('shows the first problems by line and column, and how many more there are', () => {
    const text = cardText(renderIdentityMapUploadCard(samples.rejected!, { sandbox: false }));
    expect(text).toContain('Nothing was imported');
    expect(text).toContain('map.csv: 4321 problem(s).');
    expect(text).toContain(`Line 1, TargetUserEmail: TargetUserEmail "${LONG}…" is not an email address`);
    expect(text).toContain(`Line ${SHOWN_PROBLEMS}, TargetUserEmail`);
    expect(text).not.toContain(`Line ${SHOWN_PROBLEMS + 1},`);
    expect(text).toContain(`…and ${4321 - SHOWN_PROBLEMS} more.`);
  });

  it('names a problem of the whole file as the file', () => {
    const text = cardText(renderIdentityMapUploadCard(samples.rejectedFile!, { sandbox: false }));
    expect(text).toContain('File: the file is larger than 50 MB');
    expect(text).not.toContain('more.');
  });

  it('says what the import replaced', () => {
    const text = (replaced: 'imported' | 'configured' | 'none') =>
      cardText(renderIdentityMapUploadCard({ kind: 'imported', fileName: 'm.csv', users: 3, groups: 0, replaced }, { sandbox: false }));
    expect(text('configured')).toContain('Users: 3\nGroups: 0\nReplaces: the IDENTITY_MAP_PATH file');
    expect(text('imported')).toContain('Replaces: the map imported before');
    expect(text('none')).toContain('Replaces: nothing (no map was set)');
  });

  it('says site map, with its counts of sites and group sites and the setting it replaced', () => {
    const text = (replaced: 'imported' | 'configured' | 'none') =>
      cardText(renderIdentityMapUploadCard({ kind: 'imported', map: 'site', fileName: 's.csv', sites: 3, groups: 1, replaced }, { sandbox: false }));
    expect(text('configured')).toBe('Site map imported\nFile: s.csv\nSites: 3\nGroup sites: 1\nReplaces: the SITE_MAP_PATH file\nFrom now on status, move status and new plans use this map. A file sent later replaces it again.');
    expect(text('imported')).toContain('Replaces: the map imported before');
    expect(text('none')).not.toContain('Users');
  });

  it('a rejected site map says so, and a problem on line 1 points at the header it needs', () => {
    const text = cardText(renderIdentityMapUploadCard(samples.siteMapRejected!, { sandbox: false }));
    expect(text).toContain('sites.csv: 1 problem(s). A site map is imported only when every row is right, so the site map in use is unchanged.');
    expect(text).toContain('Line 1, header: the first line must be the header');
    expect(text).toContain('A site map starts with the header line Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias.');
    expect(text).not.toContain('takes no header line');
    const identity = cardText(renderIdentityMapUploadCard({ ...samples.siteMapRejected!, map: undefined } as IdentityMapUploadCardData, { sandbox: false }));
    expect(identity).toContain('sites.csv: 1 problem(s). An identity map is imported only when every row is right, so the identity map in use is unchanged.');
    expect(identity).toContain('The file takes no header line: line 1 is a User or Group row like the others.');
  });
});
