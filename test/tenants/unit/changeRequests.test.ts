// The exact ProcessQuery XML of each changing operation, in the recorded shapes (wire/README.md), with
// ids that refer only to object paths defined in the same request.
import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { operationPoll, unlockSiteRequest } from '../../../services/tenants/csom.js';
import { sitePropertiesRequest } from '../../../services/tenants/operations/getSiteProperties.js';
import { deletedSiteRequest } from '../../../services/tenants/operations/isInRecycleBin.js';
import { purgeDeletedSiteRequest } from '../../../services/tenants/operations/purgeDeletedSite.js';
import { removeSiteRequest } from '../../../services/tenants/operations/removeSite.js';
import { removeTrustRequest } from '../../../services/tenants/operations/removeTrust.js';
import { wireJson } from '../helpers/fixtures.js';
import { APP } from '../helpers/scriptedCsom.js';

const HEAD = `<Request AddExpandoFieldTypeSuffix="true" SchemaVersion="15.0.0.0" LibraryVersion="16.0.0.0" ApplicationName="${APP}" xmlns="http://schemas.microsoft.com/sharepoint/clientquery/2009">`;
const TENANT = '<Constructor Id="1" TypeId="{268004ae-ef6b-4e9b-8425-127220d84719}"/>';
const OP_QUERY = '<Query SelectAllProperties="false"><Properties><Property Name="IsComplete" ScalarProperty="true"/><Property Name="PollingInterval" ScalarProperty="true"/></Properties></Query>';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseTagValue: false, trimValues: false, preserveOrder: true });

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
const children = (node: Node): Node[] => Object.entries(node).filter(([k]) => k !== ':@').flatMap(([, v]) => v as Node[]);
const tag = (node: Node) => Object.keys(node).find(k => k !== ':@')!;

/** Path ids are unique, action ids are unique, and every ObjectPathId / ParentId names a defined path. */
function expectConsistentIds(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  const [request] = (parser.parse(xml) as Node[]).filter(n => tag(n) === 'Request');
  const [actions, paths] = ['Actions', 'ObjectPaths'].map(t => children(request).find(n => tag(n) === t)!);
  const pathIds = children(paths).map(n => n[':@']!.Id);
  const actionIds = children(actions).map(n => n[':@']!.Id);
  expect(new Set(pathIds).size).toBe(pathIds.length);
  expect(new Set([...pathIds, ...actionIds]).size).toBe(pathIds.length + actionIds.length);
  for (const n of children(actions)) expect(pathIds).toContain(n[':@']!.ObjectPathId);
  for (const n of children(paths)) if (n[':@']!.ParentId) expect(pathIds).toContain(n[':@']!.ParentId);
}

describe('remove trust request', () => {
  it('calls RemoveSPOTenantOrgRelation as a void tenant method: ObjectPath action, then the Method on the constructor', () => {
    const { xml, methodIds } = removeTrustRequest(APP, 'Target', 'https://woodgrove-my.sharepoint.com/');
    expect(xml).toBe(`${HEAD}<Actions><ObjectPath Id="2" ObjectPathId="1"/>`
      + '<Method Name="RemoveSPOTenantOrgRelation" Id="3" ObjectPathId="1"><Parameters>'
      + '<Parameter Type="Enum">1</Parameter><Parameter Type="Enum">2</Parameter>'
      + '<Parameter Type="String">https://woodgrove-my.sharepoint.com/</Parameter></Parameters></Method>'
      + `</Actions><ObjectPaths>${TENANT}</ObjectPaths></Request>`);
    expect(methodIds).toEqual([3]);
    expectConsistentIds(xml);
  });

  it('sends the host in the form given (the operation tries the other form itself)', () => {
    expect(removeTrustRequest(APP, 'Target', 'https://woodgrove-my.sharepoint.com').xml)
      .toContain('<Parameter Type="String">https://woodgrove-my.sharepoint.com</Parameter>');
  });

  it('sends partner role Source as 1 on the target side', () => {
    expect(removeTrustRequest(APP, 'Source', 'https://northwind-my.sharepoint.com/').xml)
      .toContain('<Parameter Type="Enum">1</Parameter><Parameter Type="Enum">1</Parameter><Parameter Type="String">https://northwind-my.sharepoint.com/</Parameter>');
  });
});

describe('site operation requests', () => {
  const url = "https://woodgrove-my.sharepoint.com/personal/o'neil_woodgrove_com?a=1&b=<2>";
  const escaped = 'https://woodgrove-my.sharepoint.com/personal/o&apos;neil_woodgrove_com?a=1&amp;b=&lt;2&gt;';

  it('RemoveSite: the method as an object path, its operation queried for IsComplete and PollingInterval', () => {
    const { xml, queryId } = removeSiteRequest(APP, url);
    expect(xml).toBe(`${HEAD}<Actions><ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/><Query Id="5" ObjectPathId="3">${OP_QUERY}</Query></Actions>`
      + `<ObjectPaths>${TENANT}<Method Id="3" ParentId="1" Name="RemoveSite"><Parameters><Parameter Type="String">${escaped}</Parameter></Parameters></Method></ObjectPaths></Request>`);
    expect(queryId).toBe(5);
    expectConsistentIds(xml);
  });

  it('RemoveDeletedSite: same shape, purge method', () => {
    const { xml } = purgeDeletedSiteRequest(APP, 'https://woodgrove.sharepoint.com/sites/former-hr');
    expect(xml).toContain('<Method Id="3" ParentId="1" Name="RemoveDeletedSite"><Parameters><Parameter Type="String">https://woodgrove.sharepoint.com/sites/former-hr</Parameter></Parameters></Method>');
    expect(xml).toContain(`<Query Id="5" ObjectPathId="3">${OP_QUERY}</Query>`);
    expectConsistentIds(xml);
  });

  it('GetSitePropertiesByUrl and GetDeletedSitePropertiesByUrl query one object, without a child-item query', () => {
    const props = sitePropertiesRequest(APP, url).xml;
    expect(props).toContain(`<Method Id="3" ParentId="1" Name="GetSitePropertiesByUrl"><Parameters><Parameter Type="String">${escaped}</Parameter><Parameter Type="Boolean">false</Parameter></Parameters></Method>`);
    const deleted = deletedSiteRequest(APP, url).xml;
    expect(deleted).toContain(`<Method Id="3" ParentId="1" Name="GetDeletedSitePropertiesByUrl"><Parameters><Parameter Type="String">${escaped}</Parameter></Parameters></Method>`);
    for (const xml of [props, deleted]) {
      expect(xml).toContain('<Query Id="5" ObjectPathId="3"><Query SelectAllProperties="true"><Properties/></Query></Query>');
      expect(xml).not.toContain('ChildItemQuery');
      expectConsistentIds(xml);
    }
  });

  it('unlock: SetProperty LockState=Unlock on the site properties, Update() as a path, its operation queried', () => {
    const { xml, queryId } = unlockSiteRequest(APP, url);
    expect(xml).toBe(`${HEAD}<Actions><ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/>`
      + '<SetProperty Id="5" ObjectPathId="3" Name="LockState"><Parameter Type="String">Unlock</Parameter></SetProperty>'
      + `<ObjectPath Id="7" ObjectPathId="6"/><Query Id="8" ObjectPathId="6">${OP_QUERY}</Query></Actions>`
      + `<ObjectPaths>${TENANT}<Method Id="3" ParentId="1" Name="GetSitePropertiesByUrl"><Parameters><Parameter Type="String">${escaped}</Parameter><Parameter Type="Boolean">false</Parameter></Parameters></Method>`
      + '<Method Id="6" ParentId="3" Name="Update"/></ObjectPaths></Request>');
    expect(queryId).toBe(8);
    expectConsistentIds(xml);
  });
});

describe('operation poll request', () => {
  it('addresses the operation by an Identity path: newlines as &#xA;, the rest XML-escaped, and round-trips', () => {
    const identity = wireJson<Array<{ _ObjectIdentity_?: string }>>('csom-removesite-pending.json')[6]._ObjectIdentity_!;
    expect(identity).toContain('\n');
    const { xml, queryId } = operationPoll(APP, identity);
    const name = identity.replace(/\n/g, '&#xA;'); // the rest of a recorded identity needs no escaping
    expect(xml).toBe(`${HEAD}<Actions><Query Id="2" ObjectPathId="1">${OP_QUERY}</Query></Actions><ObjectPaths><Identity Id="1" Name="${name}"/></ObjectPaths></Request>`);
    expect(xml).not.toContain('\n');
    expect(queryId).toBe(2);
    expectConsistentIds(xml);
    const [request] = (parser.parse(xml) as Node[]).filter(n => tag(n) === 'Request');
    const paths = children(request).find(n => tag(n) === 'ObjectPaths')!;
    expect(children(paths)[0][':@']!.Name).toBe(identity);
  });

  it('escapes & < > " in an identity, so a URL-encoded site address cannot break the attribute', () => {
    const xml = operationPoll(APP, 'x|y\nSpoOperation\nRemoveSite\n1\na&b<c>"d"\nk').xml;
    expect(xml).toContain('Name="x|y&#xA;SpoOperation&#xA;RemoveSite&#xA;1&#xA;a&amp;b&lt;c&gt;&quot;d&quot;&#xA;k"');
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
