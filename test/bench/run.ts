// `npm run bench`: every figure is a ratio of two runs made here, now, so a slow or busy machine moves
// both sides alike. Flags (after `--`): --sites N (20000), --latency MS (20), --messages N (1000),
// --users N (2200), --units N (3000) per --window MS (10000) of SharePoint budget (removal),
// --rows N (100000) for the identity-map load, --people N (2200) in the identity map for the guidance campaign,
// --clicks N (200) approvals per set-up and --messages N (1000) per set-up for two bot processes on Azurite against one on
// the file store (instances: approve-click p99 and messages/s, pair ÷ single),
// --takeoverPeople N (2200) in the campaign takeover (the multi-instance test at full size),
// --scale-people N (10000), --scale-sites N (20000) extra redirect sites, --scale-latency MS (100) per SharePoint and
// Graph answer, --scale-gap MS (60000) between two status (scale: answer p99 per command, cold and warm status,
// warm plan cards, bot peak RSS, Graph reads between two status, each ÷ its goal),
// --starts N (9) of the bot and of a bare echo bot each (startup: time to the first help answered, RSS and heap
// after it and after 200 more turns), --cpu-prof DIR writes the bot's and the echo's CPU profiles of the turns bench there,
// --only listing,turns,phrases,startup,removal,identityMap,campaign,instances,campaignTakeover,scale.
import { parseArgs } from 'node:util';
import { benchIdentityMap } from './identityMap.js';
import { benchListing } from './listing.js';
import { benchRemoval } from './removal.js';
import { benchTurns } from './turns.js';
import { benchStartup, startupLines } from './startup.js';
import { benchPhrases } from './phrases.js';
import { benchCampaign, campaignLines } from './campaign.js';
import { benchInstances, instancesLines } from './instances.js';
import { benchScale, scaleLines } from './scale.js';
import { benchCampaignTakeover, campaignTakeoverLines } from './campaignTakeover.js';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '20000' },
    latency: { type: 'string', default: '20' },
    messages: { type: 'string', default: '1000' },
    users: { type: 'string', default: '2200' },
    units: { type: 'string', default: '3000' },
    window: { type: 'string', default: '10000' },
    rows: { type: 'string', default: '100000' },
    people: { type: 'string', default: '2200' },
    clicks: { type: 'string', default: '200' },
    'scale-people': { type: 'string', default: '10000' },
    'scale-sites': { type: 'string', default: '20000' },
    'scale-latency': { type: 'string', default: '100' },
    'scale-gap': { type: 'string', default: '60000' },
    takeoverPeople: { type: 'string', default: '2200' },
    'cpu-prof': { type: 'string' },
    starts: { type: 'string', default: '9' },
    only: { type: 'string' },
  },
});
const fixed = (n: number, d = 2) => n.toFixed(d);
const want = (name: string) => !values.only || values.only.split(',').includes(name);

if (want('listing')) {
  const l = await benchListing(Number(values.sites), Number(values.latency));
  console.log(`listing: ${l.sites} redirect sites in ${l.pages} pages at ${l.latencyMs} ms per page: ` +
    `${fixed(l.elapsedMs, 0)} ms vs ${fixed(l.sumOfPageLatenciesMs, 0)} ms of page latency = ratio ${fixed(l.ratio)}`);
}

if (want('turns')) {
  const t = await benchTurns(Number(values.messages), 8, values['cpu-prof']);
  const cpu = t.cpuMsPerTurn;
  console.log(`turns: ${t.messages} messages, ${t.concurrency} in flight, each server, the load, the connector and the simulated tenants a process of its own: ` +
    `bot ${fixed(t.botPerSecond, 0)}/s (help card), bare echo bot ${fixed(t.echoPerSecond, 0)}/s = ratio ${fixed(t.ratio)}`);
  console.log(`turns: CPU per message: bot ${fixed(cpu.bot)} ms, bare echo bot ${fixed(cpu.echo)} ms = ratio ${fixed(cpu.echo / cpu.bot)} ` +
    `(echo ÷ bot); load ${fixed(cpu.load)} ms, connector ${fixed(cpu.connector)} ms`);
}

if (want('phrases')) {
  const p = benchPhrases();
  console.log(`phrases: ${p.phrases} phrasings of the three corpora decided in ${fixed(p.phraseMicros, 0)} µs each, exact command text in ` +
    `${fixed(p.exactMicros, 1)} µs = ratio ${fixed(p.ratio, 1)}; recogniser built in ${fixed(p.buildMs, 0)} ms`);
}

if (want('startup')) {
  for (const line of startupLines(await benchStartup(Number(values.starts)))) console.log(line);
}

if (want('removal')) {
  const r = await benchRemoval(Number(values.users), Number(values.units), Number(values.window));
  console.log(`removal: ${r.removed} of ${r.items} planned redirect sites removed under a budget of ${r.unitsPerWindow} units per ` +
    `${r.windowMs} ms (${r.unitsNeeded} units admitted, ${r.throttled} calls throttled): ${fixed(r.wallMs, 0)} ms vs floor ` +
    `${fixed(r.floorMs, 0)} ms = ratio ${fixed(r.ratio)}`);
  console.log(`removal: card-click (refresh) p99 while the job runs ${fixed(r.busyP99Ms, 1)} ms over ${r.invokes} clicks, ` +
    `idle ${fixed(r.idleP99Ms, 1)} ms = ratio ${fixed(r.busyP99Ms / r.idleP99Ms)}`);
}

if (want('identityMap')) {
  const m = await benchIdentityMap(Number(values.rows));
  console.log(`identityMap: ${m.rows} rows (${fixed(m.bytes / 1048576, 1)} MB, ${m.users} users) loaded in ${fixed(m.elapsedMs, 0)} ms ` +
    `÷ 2000 ms = ratio ${fixed(m.elapsedMs / 2000)}; peak memory increase rss ${fixed(m.rssIncreaseMb, 1)} MB ` +
    `(heap ${fixed(m.heapIncreaseMb, 1)} MB) ÷ 200 MB = ratio ${fixed(m.rssIncreaseMb / 200)}; ${fixed(m.lookupsPerSecond, 0)} lookups/s`);
}

if (want('campaign')) {
  for (const line of campaignLines(await benchCampaign(Number(values.people)))) console.log(line);
}

if (want('instances')) {
  for (const line of instancesLines(await benchInstances(Number(values.clicks), Number(values.messages)))) console.log(line);
}

if (want('scale')) {
  const f = await benchScale(Number(values['scale-people']), Number(values['scale-sites']), Number(values['scale-latency']), Number(values['scale-gap']));
  for (const line of scaleLines(f)) console.log(line);
}

if (want('campaignTakeover')) {
  for (const line of campaignTakeoverLines(await benchCampaignTakeover(Number(values.takeoverPeople)))) console.log(line);
}
