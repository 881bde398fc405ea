// The product's GuidanceSender for delivery tests: BotGuidanceSender (bot/guidanceSender.ts) on botbuilder's
// CloudAdapter with authentication off, against the sandbox's Teams connector, as the bot composes it.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotGuidanceSender } from '../../bot/guidanceSender.js';

export const CATALOG_APP = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

export function productSender(serviceUrl: string): BotGuidanceSender {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  return new BotGuidanceSender({ adapter, appId: '', serviceUrl: async () => serviceUrl });
}
