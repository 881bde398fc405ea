import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  chooseGuidanceLanguage, fillPlaceholders, GUIDANCE_LANGUAGES, GUIDANCE_VERBS, loadGuidanceStrings, M365_LAUNCHER_URL,
  oneDriveSyncLink, renderGuidanceCard, type GuidanceData,
} from '../../../cards/guidance.js';
import { CARD_BUDGET_BYTES, type Card } from '../../../cards/render.js';
import { cardText, executeActions } from '../../helpers/cards.js';
import { cardProblems } from '../../helpers/cardValidation.js';

const ONEDRIVE = "https://fabrikam-my.sharepoint.com/personal/sean_o'brien_fabrikam_com";
const sample: GuidanceData = {
  campaignId: 'camp-7f3a',
  name: "Seán O'Brien",
  targetUpn: "sean.o'brien@fabrikam.com",
  oneDriveUrl: ONEDRIVE,
  showSyncButton: true,
};

function openUrls(card: unknown): { title: string; url: string }[] {
  const out: { title: string; url: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

function find(card: unknown, type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    if ((v as Record<string, unknown>).type === type) out.push(v as Record<string, unknown>);
    Object.values(v).forEach(walk);
  };
  walk(card);
  return out;
}

describe('guidance card', () => {
  const cards: Record<string, Card> = {
    en: renderGuidanceCard(sample, 'en-US', { sandbox: false }),
    fr: renderGuidanceCard(sample, 'fr-FR', { sandbox: false }),
    enSandbox: renderGuidanceCard(sample, undefined, { sandbox: true }),
    frNoButton: renderGuidanceCard({ ...sample, showSyncButton: false }, 'fr', { sandbox: true }),
  };

  it.each(Object.keys(cards))('%s passes the adaptivecards parser, at version 1.5, under the budget, fully expanded', (name) => {
    const card = cards[name]!;
    expect(cardProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BUDGET_BYTES);
    expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data/);
    expect(cardText(card)).not.toMatch(/\{\w+\}/);
  });

  it('speaks the chosen language and greets the person with their new sign-in name', () => {
    expect(cardText(cards.en!)).toContain("Hello Seán O'Brien,");
    expect(cardText(cards.en!)).toContain("Your new sign-in name: sean.o'brien@fabrikam.com");
    expect(cardText(cards.fr!)).toContain("Bonjour Seán O'Brien,");
    expect(cardText(cards.fr!)).toContain("Désormais, connectez-vous avec sean.o'brien@fabrikam.com");
  });

  it.each([
    ['fr-FR', 'fr'], ['fr-CA', 'fr'], ['FR', 'fr'], ['fr-fr', 'fr'], ['fr', 'fr'], ['fr_BE', 'fr'],
    ['de-DE', 'en'], ['en-GB', 'en'], ['', 'en'], [undefined, 'en'],
  ])('language hint %p gives %p', (hint, lang) => {
    expect(chooseGuidanceLanguage(hint)).toBe(lang);
  });

  it('takes preferredLanguage first, then the Teams locale, and skips a hint it cannot serve', () => {
    expect(chooseGuidanceLanguage('en-US', 'fr-fr')).toBe('en');
    expect(chooseGuidanceLanguage(undefined, 'fr-fr')).toBe('fr');
    expect(chooseGuidanceLanguage('de-DE', 'fr-ca')).toBe('fr');
    expect(cardText(renderGuidanceCard(sample, [undefined, 'fr-ca'], { sandbox: false }))).toContain('Bonjour');
    expect(cardText(renderGuidanceCard(sample, 'de-DE', { sandbox: false }))).toContain('Hello');
  });

  it('links the new OneDrive and the Microsoft 365 app launcher', () => {
    const urls = openUrls(cards.en!);
    expect(urls).toContainEqual({ title: 'Open my new OneDrive', url: ONEDRIVE });
    expect(urls).toContainEqual({ title: 'Open Microsoft 365', url: M365_LAUNCHER_URL });
    expect(M365_LAUNCHER_URL).toBe('https://www.microsoft365.com/');
  });

  it('the sync button opens the odopen link for the new account; without showSyncButton it is gone and the steps stay', () => {
    const sync = openUrls(cards.en!).find((u) => u.title === 'Set up OneDrive sync');
    expect(sync?.url).toBe(oneDriveSyncLink({ userEmail: sample.targetUpn, webUrl: ONEDRIVE, webTitle: sample.name }));
    expect(openUrls(cards.frNoButton!).map((u) => u.url).filter((u) => u.startsWith('odopen:'))).toEqual([]);
    expect(cardText(cards.frNoButton!)).not.toContain('Dans Teams sur ordinateur');
    for (const step of ['1. ', '2. ', '3. ', '4. ']) {
      expect(cardText(cards.frNoButton!).split('\n').some((t) => t.startsWith(step))).toBe(true);
    }
    expect(cardText(cards.frNoButton!)).toContain("saisissez votre nouvel identifiant, sean.o'brien@fabrikam.com,");
  });

  it('the odopen link percent-encodes every parameter (apostrophes, spaces, braces)', () => {
    const link = oneDriveSyncLink({ userEmail: "sean.o'brien@fabrikam.com", webUrl: ONEDRIVE, webTitle: "Seán O'Brien" });
    expect(link).toBe(
      'odopen://sync?userEmail=sean.o%27brien%40fabrikam.com'
      + '&webUrl=https%3A%2F%2Ffabrikam-my.sharepoint.com%2Fpersonal%2Fsean_o%27brien_fabrikam_com'
      + '&webTitle=Se%C3%A1n%20O%27Brien',
    );
    expect(link).not.toMatch(/[ ']/);
    const query = new URL(link.replace('odopen://sync', 'https://x/')).searchParams;
    expect(query.get('userEmail')).toBe("sean.o'brien@fabrikam.com");
    expect(query.get('webTitle')).toBe("Seán O'Brien");
  });

  it('the odopen link names the library only when all three ids are known, braced as SharePoint writes them', () => {
    const ids = { siteId: '07a88858-981d-4465-b36b-52ae6065d6b0', webId: '{c1c208d9-5b06-4703-981c-f6240fb45c4d}', listId: '9cbdd007-6d00-4f69-8d2c-bdd10d95f518' };
    const full = new URL(oneDriveSyncLink({ userEmail: 'a@fabrikam.com', webUrl: ONEDRIVE, ...ids }).replace('odopen://sync', 'https://x/')).searchParams;
    expect(full.get('siteId')).toBe('{07a88858-981d-4465-b36b-52ae6065d6b0}');
    expect(full.get('webId')).toBe('{c1c208d9-5b06-4703-981c-f6240fb45c4d}');
    expect(full.get('listTitle')).toBe('Documents');
    expect(full.get('scope')).toBe('OPENLIST');
    const partial = oneDriveSyncLink({ userEmail: 'a@fabrikam.com', webUrl: ONEDRIVE, siteId: ids.siteId });
    expect(partial).toContain('siteId=%7B07a88858');
    expect(partial).not.toMatch(/listId|scope|listTitle/);
    const withEmail = renderGuidanceCard({ ...sample, targetEmail: 'sean.obrien@fabrikam.com', sync: ids }, 'en', { sandbox: false });
    const url = openUrls(withEmail).find((u) => u.url.startsWith('odopen:'))!.url;
    expect(url).toContain('userEmail=sean.obrien%40fabrikam.com');
    expect(url).toContain('scope=OPENLIST');
  });

  it('Done and I need help: their verbs, and card data that is only the campaign id', () => {
    for (const card of [cards.en!, cards.fr!]) {
      const actions = executeActions(card);
      expect(actions.map((a) => [a.verb, a.data])).toEqual([
        [GUIDANCE_VERBS.done, { campaignId: 'camp-7f3a' }],
        [GUIDANCE_VERBS.help, { campaignId: 'camp-7f3a' }],
      ]);
    }
    expect(GUIDANCE_VERBS).toEqual({ done: 'guidanceDone', help: 'guidanceHelp' });
    expect(executeActions(cards.en!).map((a) => a.title)).toEqual(['Done', 'Send']);
    expect(executeActions(cards.fr!).map((a) => a.title)).toEqual(['C’est fait', 'Envoyer']);
  });

  it('I need help shows a card asking what is wrong, whose send button carries the text input', () => {
    const show = find(cards.en!, 'Action.ShowCard');
    expect(show.map((s) => s.title)).toEqual(['I need help']);
    const inputs = find(show[0]!.card, 'Input.Text');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ id: 'helpText', label: 'What is wrong?', isRequired: true, isMultiline: true });
    expect(executeActions(show[0]!.card).map((a) => a.verb)).toEqual([GUIDANCE_VERBS.help]);
    expect(find(cards.en!, 'Input.Text')).toHaveLength(1);
  });

  it('carries the simulated-tenants banner in sandbox view only', () => {
    expect(cardText(cards.enSandbox!)).toMatch(/^Simulated tenants/);
    expect(cardText(cards.frNoButton!)).toMatch(/^Simulated tenants/);
    expect(cardText(cards.en!)).not.toMatch(/Simulated tenants/);
  });

  it('shows typed angle brackets as angle quotes, like every card', () => {
    const card = renderGuidanceCard({ ...sample, name: '<b>Sean</b>' }, 'en', { sandbox: false });
    expect(cardText(card)).toContain('Hello ‹b›Sean‹/b›,');
  });

  it('language files: every shipped language has the same keys as English, none empty, placeholders known', () => {
    const english = Object.keys(loadGuidanceStrings('en')).sort();
    for (const lang of GUIDANCE_LANGUAGES) {
      const s = loadGuidanceStrings(lang) as Record<string, string>;
      expect(Object.keys(s).sort()).toEqual(english);
      for (const [key, value] of Object.entries(s)) {
        expect([key, typeof value === 'string' && value.trim().length > 0]).toEqual([key, true]);
        expect(() => fillPlaceholders(value, { name: 'n', upn: 'u', oneDriveUrl: 'o' })).not.toThrow();
      }
    }
    expect(GUIDANCE_LANGUAGES[0]).toBe('en');
  });

  it('the template holds no text of its own: every string value is a binding or a fixed token', () => {
    const raw = readFileSync(new URL('../../../cards/guidance.json', import.meta.url), 'utf8');
    const texts = [...raw.matchAll(/"(text|title|label|placeholder|errorMessage|value)":\s*"([^"]*)"/g)].map((m) => m[2]);
    expect(texts.length).toBeGreaterThan(10);
    for (const t of texts) expect(t).toMatch(/^\$\{[\w.]+\}$/);
  });

  it('an unknown placeholder in a language file throws', () => {
    expect(() => fillPlaceholders('Hi {nmae}', { name: 'x' })).toThrow(/unknown placeholder \{nmae\}/);
    expect(fillPlaceholders('{name} {name}', { name: '{upn}' })).toBe('{upn} {upn}');
  });
});
