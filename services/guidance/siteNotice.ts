// Telling a moved site's owners: the same campaign machinery as people's guidance (records, claims, pacing,
// delivery), one campaign per site. A record is one owner of one site (`guidance/<campaign>/<owner upn>`),
// so each owner acknowledges each site apart, and a site that completes later is a new campaign rather than
// a re-send. Each owner gets one card per site: the acknowledgement lives on the card it answers, and the
// card can name exactly one new URL. The site's campaign id is derived from its move key (moveKeys.ts), so
// the card carries nothing but that id back.
import { createHash } from 'node:crypto';
import type { SiteMap, SiteMapEntry } from '../identityMap/siteMap.js';
import { siteMoveKey } from '../knowledge/moveKeys.js';
import { ConflictError } from '../errors.js';
import { IF_ABSENT, type KeyValueStore } from '../ports.js';
import type { DirectoryUser } from '../tenants/types.js';
import type { RecipientStore } from './recipientStore.js';

const PREFIX = 'site-owners-';
/** Keys per store read for `notify status` over thousands of sites (as RecipientStore reads records). */
const READ_BATCH = 500;

/** The campaign of one site's owners: fits the card's campaign id (a-z, 0-9, '-'), the same for every run. */
export function siteNoticeCampaign(siteKey: string): string {
  return PREFIX + createHash('sha256').update(siteKey).digest('hex').slice(0, 24);
}

export const isSiteNoticeCampaign = (campaignId: string): boolean => campaignId.startsWith(PREFIX);

/** The site-map row a card's campaign id stands for, if the map still holds it. */
export function siteOfCampaign(map: SiteMap, campaignId: string): SiteMapEntry | undefined {
  return map.entries.find((e) => siteNoticeCampaign(siteMoveKey(e)) === campaignId);
}

/** Everything one owner's card says, as plain values; the bot's renderer turns it into the card. */
export interface SiteNoticeContent {
  campaignId: string;
  kind: 'site' | 'group';
  /** The owner, as the target tenant names them. */
  name: string;
  targetUpn: string;
  sourceSiteUrl: string;
  targetSiteUrl: string;
  answered?: 'done';
}

export type SiteNoticeRenderer = (content: SiteNoticeContent) => object;

export function siteNoticeContent(site: Pick<SiteMapEntry, 'kind' | 'sourceSiteUrl' | 'targetSiteUrl'> & { siteKey: string }, owner: Pick<DirectoryUser, 'userPrincipalName' | 'displayName'>, answered?: 'done'): SiteNoticeContent {
  return {
    campaignId: siteNoticeCampaign(site.siteKey), kind: site.kind, name: owner.displayName ?? owner.userPrincipalName,
    targetUpn: owner.userPrincipalName, sourceSiteUrl: site.sourceSiteUrl, targetSiteUrl: site.targetSiteUrl, ...(answered ? { answered } : {}),
  };
}

/**
 * Which owners each site's notice went to, so `notify status` can read their records without asking the
 * tenant again: one stored list per site campaign, grown by compare-and-set as notices are sent.
 */
export class SiteNoticeIndex {
  constructor(private readonly store: KeyValueStore) {}

  private static key(campaignId: string): string { return `guidance/site-owners-index/${campaignId}`; }

  async add(campaignId: string, ownerUpn: string): Promise<void> {
    const key = SiteNoticeIndex.key(campaignId);
    const upn = ownerUpn.toLowerCase();
    for (;;) {
      const item = (await this.store.read([key]))[key];
      const owners: string[] = (item?.owners as string[] | undefined) ?? [];
      if (owners.includes(upn)) return;
      try {
        await this.store.write({ [key]: { owners: [...owners, upn], eTag: item?.eTag ?? IF_ABSENT } });
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }

  /** The owners told (or being told) per campaign, for many sites in one store read. */
  async ownersOf(campaignIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (let i = 0; i < campaignIds.length; i += READ_BATCH) {
      const batch = campaignIds.slice(i, i + READ_BATCH);
      const items = await this.store.read(batch.map(SiteNoticeIndex.key));
      for (const id of batch) {
        const owners = items[SiteNoticeIndex.key(id)]?.owners as string[] | undefined;
        if (owners?.length) found.set(id, owners);
      }
    }
    return found;
  }
}

export interface SiteNoticeAnswerDeps {
  target: { getUser(upnOrId: string): Promise<DirectoryUser | null> };
  recipients: RecipientStore;
  siteMap: () => Promise<SiteMap>;
  now: () => Date;
}

/**
 * "Got it" on an owner's card. Who answers is the Entra id of the click, looked up on the target tenant;
 * only an owner this site's notice went to may acknowledge it (no record: someone else's card, or a
 * forwarded one). Returns the card's content with the thanks, or null when the caller was not told.
 */
export async function acknowledgeSiteNotice(d: SiteNoticeAnswerDeps, campaignId: string, aadObjectId: string): Promise<SiteNoticeContent | null> {
  const user = aadObjectId ? await d.target.getUser(aadObjectId) : null;
  if (!user) return null;
  const record = (await d.recipients.get(campaignId, user.userPrincipalName))?.record;
  if (!record || !['sent', 'done'].includes(record.state)) return null;
  const site = siteOfCampaign(await d.siteMap(), campaignId);
  if (!site) return null;
  if (record.state !== 'done') await d.recipients.acknowledge(campaignId, user.userPrincipalName, 'done', d.now());
  return siteNoticeContent({ ...site, siteKey: siteMoveKey(site) }, user, 'done');
}
