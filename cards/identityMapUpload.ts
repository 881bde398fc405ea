import type { IdentityMapOrigin, IdentityMapProblem } from '../services/identityMap/identityMap.js';
import { SITE_MAP_COLUMNS } from '../services/identityMap/siteMap.js';
import type template from './identityMapUpload.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as IdentityMapUploadTemplate };

/** Problems shown on the card; the importer keeps up to 100 and counts the rest, the card says how many more. */
export const SHOWN_PROBLEMS = 20;

/** Which file was sent: the identity map (people) or the site map (sites and group sites). */
export type UploadedMap = 'identity' | 'site';

export type IdentityMapUploadCardData =
  | { kind: 'imported'; map?: 'identity'; fileName: string; users: number; groups: number; replaced: IdentityMapOrigin }
  | { kind: 'imported'; map: 'site'; fileName: string; sites: number; groups: number; replaced: IdentityMapOrigin }
  | { kind: 'rejected'; map?: UploadedMap; fileName: string; problems: IdentityMapProblem[]; errorCount: number }
  | { kind: 'refused'; message: string }
  | { kind: 'downloadFailed'; fileName: string; message: string };

const TITLE: Record<UploadedMap, string> = { identity: 'Identity map', site: 'Site map' };
const A_MAP: Record<UploadedMap, string> = { identity: 'An identity map', site: 'A site map' };
const SETTING: Record<UploadedMap, string> = { identity: 'IDENTITY_MAP_PATH', site: 'SITE_MAP_PATH' };

// A failed line 1 is most often a header where there is none (Excel's export, a copy of the documentation),
// or, in a site map, a header that is not the one expected.
const LINE_ONE_HINT: Record<UploadedMap, string> = {
  identity: 'The file takes no header line: line 1 is a User or Group row like the others.',
  site: `A site map starts with the header line ${SITE_MAP_COLUMNS.join(',')}.`,
};

function replacedText(replaced: IdentityMapOrigin, map: UploadedMap): string {
  if (replaced === 'imported') return 'the map imported before';
  return replaced === 'configured' ? `the ${SETTING[map]} file` : 'nothing (no map was set)';
}

export function renderIdentityMapUploadCard(data: IdentityMapUploadCardData, view: CardView): Card {
  switch (data.kind) {
    case 'imported': {
      const map = data.map ?? 'identity';
      const counts = data.map === 'site'
        ? [{ title: 'Sites', value: String(data.sites) }, { title: 'Group sites', value: String(data.groups) }]
        : [{ title: 'Users', value: String(data.users) }, { title: 'Groups', value: String(data.groups) }];
      return renderCard(loadTemplate('identityMapUpload'), {
        kind: data.kind, title: TITLE[map],
        facts: [{ title: 'File', value: data.fileName }, ...counts, { title: 'Replaces', value: replacedText(data.replaced, map) }],
      }, view);
    }
    case 'rejected': {
      const shown = data.problems.slice(0, SHOWN_PROBLEMS);
      return renderCard(loadTemplate('identityMapUpload'), {
        kind: data.kind, fileName: data.fileName, errorCount: String(data.errorCount),
        aMap: A_MAP[data.map ?? 'identity'], mapName: TITLE[data.map ?? 'identity'].toLowerCase(),
        problems: shown.map((p) => ({ where: whereOf(p), reason: p.reason })),
        more: Math.max(0, data.errorCount - shown.length),
        lineOneHint: shown.some((p) => p.line === 1) ? LINE_ONE_HINT[data.map ?? 'identity'] : '',
      }, view);
    }
    default:
      return renderCard(loadTemplate('identityMapUpload'), data, view);
  }
}

/** Line 0 is the file as a whole (too big, unreadable, no rows). */
function whereOf(p: IdentityMapProblem): string {
  if (p.line === 0) return 'File';
  return p.column ? `Line ${p.line}, ${p.column}` : `Line ${p.line}`;
}
