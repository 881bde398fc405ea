// Checks an ARM template resource against the Azure resource type definitions vendored in infra/types
// (Azure/bicep-types-az, the ones the Bicep compiler checks against). A small recursive checker, not ajv:
// those definitions are not JSON Schema but a graph of typed nodes ("#/N" references, unions, objects
// discriminated by a property, property flags), and walking it directly is shorter than translating it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface Ref { $ref: string }
interface Property { type: Ref; flags: number }
type TypeNode =
  | { $type: 'AnyType' | 'BooleanType' | 'NullType' }
  | { $type: 'StringType'; minLength?: number; maxLength?: number }
  | { $type: 'IntegerType'; minValue?: number; maxValue?: number }
  | { $type: 'StringLiteralType'; value: string }
  | { $type: 'UnionType'; elements: Ref[] }
  | { $type: 'ArrayType'; itemType: Ref }
  | { $type: 'ObjectType'; name: string; properties: Record<string, Property>; additionalProperties?: Ref }
  | { $type: 'DiscriminatedObjectType'; name: string; discriminator: string; baseProperties: Record<string, Property>; elements: Record<string, Ref> }
  | { $type: 'ResourceType'; name: string; body: Ref };

// Property flags of bicep-types: Required = 1, ReadOnly = 2 (set by Azure, refused in a template).
const REQUIRED = 1;
const READ_ONLY = 2;
// Keywords ARM reads on a resource itself; they are not properties of the resource type.
const TEMPLATE_KEYWORDS = ['type', 'apiVersion', 'dependsOn', 'comments', 'scope', 'condition', 'copy'];

export interface ResourceTypes { get(typeAtVersion: string): { nodes: TypeNode[]; body: Ref } | undefined; names(): string[] }

export function loadResourceTypes(dir: string): ResourceTypes {
  const byName = new Map<string, { nodes: TypeNode[]; body: Ref }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const nodes = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TypeNode[];
    for (const node of nodes) if (node.$type === 'ResourceType') byName.set(node.name, { nodes, body: node.body });
  }
  return { get: (name) => byName.get(name), names: () => [...byName.keys()] };
}

/** An ARM expression ("[...]", but not the "[[" escape) is only known at deployment: nothing to check. */
const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');

/** Problems with one template resource, each as "path: what is wrong"; empty when it matches its type. */
export function checkResource(resource: Record<string, unknown>, types: ResourceTypes): string[] {
  const key = `${String(resource.type)}@${String(resource.apiVersion)}`;
  const found = types.get(key);
  if (!found) return [`${key}: no such resource type and API version in infra/types`];
  const body = Object.fromEntries(Object.entries(resource).filter(([k]) => !TEMPLATE_KEYWORDS.includes(k)));
  // A child's name is written "parent/child" in a template; the type defines only the last segment.
  if (typeof body.name === 'string' && !isExpression(body.name)) body.name = body.name.split('/').at(-1);
  const problems: string[] = [];
  checkValue(body, found.body, key, found.nodes, problems);
  return problems;
}

function checkValue(value: unknown, ref: Ref, path: string, nodes: TypeNode[], problems: string[]): void {
  if (isExpression(value)) return;
  const node = nodes[Number(ref.$ref.slice(2))];
  const wrong = (what: string) => problems.push(`${path}: ${JSON.stringify(value)} ${what}`);
  switch (node.$type) {
    case 'AnyType': return;
    case 'NullType': if (value !== null) wrong('must be null'); return;
    case 'BooleanType': if (typeof value !== 'boolean') wrong('must be true or false'); return;
    case 'StringType':
      if (typeof value !== 'string') wrong('must be a string');
      else if (value.length < (node.minLength ?? 0) || value.length > (node.maxLength ?? Infinity)) wrong(`must be ${node.minLength ?? 0}-${node.maxLength} characters`);
      return;
    case 'IntegerType':
      if (!Number.isInteger(value)) wrong('must be a whole number');
      else if ((value as number) < (node.minValue ?? -Infinity) || (value as number) > (node.maxValue ?? Infinity)) wrong(`must be within ${node.minValue}-${node.maxValue}`);
      return;
    case 'StringLiteralType': if (value !== node.value) wrong(`must be "${node.value}"`); return;
    case 'UnionType': {
      const fits = node.elements.some((e) => { const p: string[] = []; checkValue(value, e, path, nodes, p); return p.length === 0; });
      if (!fits) wrong(`is not one of ${node.elements.map((e) => describe(nodes[Number(e.$ref.slice(2))])).join(', ')}`);
      return;
    }
    case 'ArrayType':
      if (!Array.isArray(value)) wrong('must be an array');
      else value.forEach((item, i) => checkValue(item, node.itemType, `${path}[${i}]`, nodes, problems));
      return;
    case 'ObjectType': checkObject(value, node.name, node.properties, node.additionalProperties, path, nodes, problems); return;
    case 'DiscriminatedObjectType': {
      const tag = (value as Record<string, unknown> | null)?.[node.discriminator];
      const element = typeof tag === 'string' ? node.elements[tag] : undefined;
      if (!element) { wrong(`needs ${node.discriminator} one of ${Object.keys(node.elements).join(', ')}`); return; }
      const variant = nodes[Number(element.$ref.slice(2))] as Extract<TypeNode, { $type: 'ObjectType' }>;
      checkObject(value, variant.name, { ...node.baseProperties, ...variant.properties }, undefined, path, nodes, problems);
      return;
    }
    case 'ResourceType': checkValue(value, node.body, path, nodes, problems); return;
  }
}

function checkObject(value: unknown, name: string, properties: Record<string, Property>, additional: Ref | undefined, path: string, nodes: TypeNode[], problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) { problems.push(`${path}: must be an object (${name})`); return; }
  const given = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(given)) {
    const property = properties[key];
    if (property && property.flags & READ_ONLY && !(property.flags & REQUIRED)) problems.push(`${path}.${key}: is read-only in ${name}`);
    else if (property) checkValue(v, property.type, `${path}.${key}`, nodes, problems);
    else if (additional) checkValue(v, additional, `${path}.${key}`, nodes, problems);
    else problems.push(`${path}.${key}: is not a property of ${name}`);
  }
  for (const [key, property] of Object.entries(properties)) {
    if (property.flags & REQUIRED && !(property.flags & READ_ONLY) && !(key in given)) problems.push(`${path}.${key}: is required by ${name}`);
  }
}

function describe(node: TypeNode): string {
  return node.$type === 'StringLiteralType' ? `"${node.value}"` : node.$type;
}
