// Rebuilds the vendored type files from a checkout of Azure/bicep-types-az: keeps only the resource types
// the template deploys, and the types they reach, renumbering the "#/N" references so the JSON structure
// stays that of the source. Usage: node infra/types/trim.mjs <bicep-types-az checkout or git dir> <commit>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCES = {
  'generated/msi/microsoft.managedidentity/2024-11-30/types.json': ['Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30'],
  'generated/web/microsoft.web/2024-04-01/types.json': ['Microsoft.Web/serverfarms@2024-04-01', 'Microsoft.Web/sites@2024-04-01'],
  'generated/botservice/microsoft.botservice/2022-09-15/types.json': ['Microsoft.BotService/botServices@2022-09-15', 'Microsoft.BotService/botServices/channels@2022-09-15'],
  'generated/storage/microsoft.storage/2023-05-01/types.json': ['Microsoft.Storage/storageAccounts@2023-05-01', 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01'],
  'generated/keyvault/microsoft.keyvault/2023-07-01/types.json': ['Microsoft.KeyVault/vaults@2023-07-01'],
  'generated/authorization/microsoft.authorization/2022-04-01/types.json': ['Microsoft.Authorization/roleAssignments@2022-04-01'],
  'generated/operationalinsights/microsoft.operationalinsights/2023-09-01/types.json': ['Microsoft.OperationalInsights/workspaces@2023-09-01'],
  'generated/applicationinsights/microsoft.insights/2020-02-02/types.json': ['Microsoft.Insights/components@2020-02-02'],
};

const refIndex = (v) => (v && typeof v === 'object' && typeof v.$ref === 'string' ? Number(v.$ref.slice(2)) : undefined);

function eachRef(node, visit) {
  if (Array.isArray(node)) return node.map((x) => eachRef(x, visit));
  if (!node || typeof node !== 'object') return node;
  const i = refIndex(node);
  if (i !== undefined && Object.keys(node).length === 1) return { $ref: `#/${visit(i)}` };
  return Object.fromEntries(Object.entries(node).map(([k, x]) => [k, eachRef(x, visit)]));
}

export function trim(types, resourceNames) {
  const roots = types.flatMap((t, i) => (t.$type === 'ResourceType' && resourceNames.includes(t.name) ? [i] : []));
  const missing = resourceNames.filter((n) => !roots.some((i) => types[i].name === n));
  if (missing.length) throw new Error(`not in source: ${missing.join(', ')}`);
  const keep = new Set();
  const walk = (i) => { if (keep.has(i)) return; keep.add(i); eachRef(types[i], (j) => { walk(j); return j; }); };
  roots.forEach(walk);
  const order = [...keep].sort((a, b) => a - b);
  const renumber = new Map(order.map((old, i) => [old, i]));
  return order.map((old) => eachRef(types[old], (j) => renumber.get(j)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [gitDir, commit] = process.argv.slice(2);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const [path, names] of Object.entries(SOURCES)) {
    const source = JSON.parse(execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { maxBuffer: 64 << 20 }).toString());
    const out = join(here, path.replace(/^generated\//, '').replace(/\/types\.json$/, '.json').replace(/\//g, '_'));
    writeFileSync(out, `${JSON.stringify(trim(source, names), null, 2)}\n`);
    console.log(`${out}: ${source.length} types → kept those reachable from ${names.join(', ')}`);
  }
}
