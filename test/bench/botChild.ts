// Bench process: the real bot as `node dist/bot/index.js` runs it (startBot, simulated tenants started
// in-process, SIGTERM handling), plus a channel for the bench to read its memory from inside.
import { startBot, stopOnSignals } from '../../bot/index.js';
import { answerParent, memoryNow } from './childChannel.js';

// A copy: startBot reads .env into the real environment only, and the bench gives exactly its settings.
const bot = await startBot({ ...process.env });
stopOnSignals(bot);
answerParent({ url: bot.url, tenantId: bot.sandbox?.target.tenantId }, { memory: memoryNow });
