// The bot's own identity: its Bot Framework credentials get a token, and the Teams app id is known.
import { DomainError } from '../errors.js';
import type { CheckItem, SetupCheckDeps, SetupCheckInput } from './types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function checkBotCredentials(input: SetupCheckInput, deps: Pick<SetupCheckDeps, 'botToken'>): Promise<CheckItem> {
  const id = 'bot.credentials';
  const title = 'Bot credentials';
  const bot = input.bot;
  if (!bot) {
    return input.mode === 'sandbox'
      ? { id, title, ok: true, detail: 'authentication off (sandbox only): the bot listens on 127.0.0.1 for the Agents Playground' }
      : { id, title, ok: false, detail: 'no bot credentials', fix: 'Set MicrosoftAppId and MicrosoftAppPassword (or the certificate settings) of the Azure Bot registration (docs/deploy.md).' };
  }
  if (bot.appType === 'UserAssignedMSI') {
    return { id, title, ok: 'warn', detail: `app ${bot.appId} signs in with a managed identity, which only works on its Azure host`, fix: 'Run this check on the App Service the identity is assigned to.' };
  }
  try {
    const { expiresOn } = await deps.botToken(bot);
    const until = expiresOn ? `, valid until ${expiresOn.toISOString()}` : '';
    return { id, title, ok: true, detail: `Entra issued a Bot Framework token to app ${bot.appId} (${bot.appType})${until}` };
  } catch (err) {
    const said = err instanceof DomainError ? err.userMessage : err instanceof Error ? err.message.split('\n')[0] : String(err);
    const secret = bot.password ? 'MicrosoftAppPassword (a current client secret value, not its id)' : 'MicrosoftAppCertificateThumbprint and MicrosoftAppCertificatePrivateKey';
    const tenant = bot.appType === 'SingleTenant' ? ', and MicrosoftAppTenantId (the bot\'s own tenant)' : ', and MicrosoftAppType (SingleTenant bots need MicrosoftAppTenantId)';
    return { id, title, ok: false, detail: said, fix: `Check MicrosoftAppId (the Azure Bot's Microsoft App ID), ${secret}${tenant}.` };
  }
}

export function checkTeamsAppId(input: SetupCheckInput): CheckItem {
  const id = 'teams.appId';
  const title = 'Teams app id (TEAMS_APP_ID)';
  const fix = 'Set TEAMS_APP_ID to the app\'s id: the "id" of manifest/ in the package you uploaded, shown as App ID in the Teams admin center → Manage apps.';
  if (!input.teamsAppId) {
    return input.mode === 'sandbox'
      ? { id, title, ok: 'warn', detail: 'not set: npm run package uses a placeholder id', fix }
      : { id, title, ok: false, detail: 'not set: the bot cannot install itself for users', fix };
  }
  if (!GUID.test(input.teamsAppId)) return { id, title, ok: false, detail: `"${input.teamsAppId}" is not a GUID`, fix };
  return { id, title, ok: true, detail: input.teamsAppId };
}
