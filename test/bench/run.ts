// `npm run bench`: every figure is a ratio of two runs made here, now, so a slow or busy machine
// moves both sides alike. Flags: --sites N (default 20000), --latency MS (20), --messages N (1000).
import { parseArgs } from 'node:util';
import { benchListing } from './listing.js';
import { benchTurns } from './turns.js';

const { values } = parseArgs({
  options: { sites: { type: 'string', default: '20000' }, latency: { type: 'string', default: '20' }, messages: { type: 'string', default: '1000' } },
});
const fixed = (n: number, d = 2) => n.toFixed(d);

const listing = await benchListing(Number(values.sites), Number(values.latency));
console.log(`listing: ${listing.sites} redirect sites in ${listing.pages} pages at ${listing.latencyMs} ms per page: ` +
  `${fixed(listing.elapsedMs, 0)} ms vs ${fixed(listing.sumOfPageLatenciesMs, 0)} ms of page latency = ratio ${fixed(listing.ratio)}`);

const turns = await benchTurns(Number(values.messages));
console.log(`turns: ${turns.messages} messages, ${turns.concurrency} in flight: bot ${fixed(turns.botPerSecond, 0)}/s (help card), ` +
  `bare echo bot ${fixed(turns.echoPerSecond, 0)}/s = ratio ${fixed(turns.ratio)}`);
