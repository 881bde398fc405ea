// `npm run package` → post-migration-bot.zip in the project folder (or the path given as the first
// argument). Ids come from TEAMS_APP_ID and MicrosoftAppId (environment or .env); without them the
// package carries placeholder ids, fine for looking at, not for uploading to Teams.
import { join } from 'node:path';
import dotenv from 'dotenv';
import { COMMANDS } from '../bot/commands/index.js';
import { projectRoot } from '../bot/projectRoot.js';
import { packageApp } from './package.js';

dotenv.config({ quiet: true });
const out = process.argv[2] ?? join(projectRoot(), 'post-migration-bot.zip');
const ids = { appId: process.env.TEAMS_APP_ID, botId: process.env.MicrosoftAppId };
try {
  const { file } = await packageApp(out, ids, COMMANDS);
  console.log(`Teams app package written: ${file}`);
  if (!ids.appId || !ids.botId) console.log('TEAMS_APP_ID or MicrosoftAppId not set: the package carries placeholder ids.');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
