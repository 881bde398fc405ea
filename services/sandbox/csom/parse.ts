// CSOM ProcessQuery request XML → actions and object paths, with parameters as plain values.
// fast-xml-parser keeps order and attributes and unescapes entities (&amp; &apos; &#xA; …).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type CsomValue = string | number | boolean | null | CsomValue[] | { [name: string]: CsomValue };

export interface QuerySpec { selectAll: boolean; properties: string[] }

export type ObjectPathDef =
  | { kind: 'Constructor'; id: string; typeId: string }
  | { kind: 'Method'; id: string; parentId: string; name: string; params: CsomValue[] }
  | { kind: 'Identity'; id: string; name: string }
  | { kind: 'Property'; id: string; parentId: string; name: string }
  | { kind: 'Unsupported'; id: string; tag: string };

export type ActionDef =
  | { kind: 'ObjectPath'; id: string; pathId: string }
  | { kind: 'Query'; id: string; pathId: string; query: QuerySpec; childItems?: QuerySpec }
  | { kind: 'Method'; id: string; pathId: string; name: string; params: CsomValue[] }
  | { kind: 'SetProperty'; id: string; pathId: string; name: string; value: CsomValue }
  | { kind: 'Unsupported'; id: string; tag: string };

export interface CsomRequest { actions: ActionDef[]; paths: Map<string, ObjectPathDef> }

export class CsomParseError extends Error {}

/** A preserve-order node: one element name → its children, attributes under ':@'. */
type XNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false,
  parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: true,
});

const tagOf = (n: XNode) => Object.keys(n).find((k) => k !== ':@') ?? '';
const attrs = (n: XNode) => n[':@'] ?? {};
const children = (n: XNode) => ((n[tagOf(n)] as XNode[]) ?? []).filter((c) => tagOf(c) !== '#text');
const textOf = (n: XNode) => ((n[tagOf(n)] as XNode[]) ?? []).map((c) => (c['#text'] as string) ?? '').join('');
const child = (n: XNode, tag: string) => children(n).find((c) => tagOf(c) === tag);

function scalar(type: string, text: string, node: XNode): CsomValue {
  switch (type) {
    case 'Null': return null;
    case 'Boolean': return text.trim().toLowerCase() === 'true';
    case 'Enum': case 'Int16': case 'Int32': case 'Int64': case 'UInt32': case 'Double': case 'Single': case 'Byte':
      return Number(text.trim());
    case 'Guid': return text.trim().replace(/^\{|\}$/g, '');
    case 'Array': return children(node).map((c) => value(c));
    default: return text;
  }
}

/** A `Parameter` / `Property` / `Object`: a typed scalar, or an object (TypeId) holding `Property` children. */
function value(node: XNode): CsomValue {
  const a = attrs(node);
  if (a.TypeId && !a.Type) {
    const obj: { [name: string]: CsomValue } = { _TypeId_: a.TypeId.toLowerCase() };
    for (const p of children(node)) if (tagOf(p) === 'Property') obj[attrs(p).Name] = value(p);
    return obj;
  }
  return scalar(a.Type ?? 'String', textOf(node), node);
}

function params(node: XNode): CsomValue[] {
  const list = child(node, 'Parameters');
  return list ? children(list).map(value) : [];
}

function querySpec(node: XNode | undefined): QuerySpec {
  if (!node) return { selectAll: false, properties: [] };
  const props = child(node, 'Properties');
  return {
    selectAll: attrs(node).SelectAllProperties === 'true',
    properties: props ? children(props).map((p) => attrs(p).Name).filter(Boolean) : [],
  };
}

function objectPath(n: XNode): ObjectPathDef {
  const a = attrs(n);
  switch (tagOf(n)) {
    case 'Constructor': return { kind: 'Constructor', id: a.Id, typeId: (a.TypeId ?? '').toLowerCase() };
    case 'Method': return { kind: 'Method', id: a.Id, parentId: a.ParentId, name: a.Name, params: params(n) };
    case 'Identity': return { kind: 'Identity', id: a.Id, name: a.Name ?? '' };
    case 'Property': return { kind: 'Property', id: a.Id, parentId: a.ParentId, name: a.Name };
    default: return { kind: 'Unsupported', id: a.Id, tag: tagOf(n) };
  }
}

function action(n: XNode): ActionDef {
  const a = attrs(n);
  switch (tagOf(n)) {
    case 'ObjectPath': return { kind: 'ObjectPath', id: a.Id, pathId: a.ObjectPathId };
    case 'Query': {
      const items = child(n, 'ChildItemQuery');
      return { kind: 'Query', id: a.Id, pathId: a.ObjectPathId, query: querySpec(child(n, 'Query')), childItems: items ? querySpec(items) : undefined };
    }
    case 'Method': return { kind: 'Method', id: a.Id, pathId: a.ObjectPathId, name: a.Name, params: params(n) };
    case 'SetProperty': {
      // The new value is the one Parameter child; none means null.
      const p = child(n, 'Parameter');
      return { kind: 'SetProperty', id: a.Id, pathId: a.ObjectPathId, name: a.Name, value: p ? value(p) : null };
    }
    default: return { kind: 'Unsupported', id: a.Id, tag: tagOf(n) };
  }
}

export function parseProcessQuery(xml: string): CsomRequest {
  if (!xml.trim() || XMLValidator.validate(xml) !== true) throw new CsomParseError('The request body is not well-formed XML.');
  const root = (parser.parse(xml) as XNode[]).find((n) => tagOf(n) === 'Request');
  if (!root) throw new CsomParseError('The request has no Request element.');
  const actions = child(root, 'Actions');
  const paths = child(root, 'ObjectPaths');
  const pathDefs = new Map<string, ObjectPathDef>();
  for (const p of paths ? children(paths) : []) {
    const def = objectPath(p);
    pathDefs.set(def.id, def);
  }
  return { actions: actions ? children(actions).map(action) : [], paths: pathDefs };
}
