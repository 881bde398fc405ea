// Bench process: the real bot as `node dist/bot/index.js` runs it (startBot, SIGTERM handling), joined to
// the simulated tenants of sandboxChild.ts (SANDBOX_URL), plus a channel for the bench to read its memory
// from inside.
import { startBot, stopOnSignals } from '../../bot/index.js';
import { answerParent, memoryNow } from './childChannel.js';

// A copy: startBot reads .env into the real environment only, and the bench gives exactly its settings.
const bot = await startBot({ ...process.env });
stopOnSignals(bot);
answerParent({ url: bot.url }, { memory: memoryNow });
