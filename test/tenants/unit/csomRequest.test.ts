import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { enm, str, tenantMethods, tenantObjectQuery, xmlEscape } from '../../../services/tenants/csom.js';
import { OrgRelationRole, OrgRelationScenario } from '../../../services/tenants/csomEnums.js';
import { sitePageRequest } from '../../../services/tenants/operations/listRedirectSites.js';

const APP = 'PostMigrationBot/0.1.0';
const HEAD = `<Request AddExpandoFieldTypeSuffix="true" SchemaVersion="15.0.0.0" LibraryVersion="16.0.0.0" ApplicationName="${APP}" xmlns="http://schemas.microsoft.com/sharepoint/clientquery/2009">`;
const TENANT = '<Constructor Id="1" TypeId="{268004ae-ef6b-4e9b-8425-127220d84719}"/>';
const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, parseTagValue: false, trimValues: false });

describe('CSOM request XML', () => {
  it('asks GetMySiteHostUrl on the tenant object, with the ObjectPath action first', () => {
    const { xml, methodIds } = tenantMethods(APP, [{ name: 'GetMySiteHostUrl', params: [] }]);
    expect(xml).toBe(`${HEAD}<Actions><ObjectPath Id="2" ObjectPathId="1"/><Method Name="GetMySiteHostUrl" Id="3" ObjectPathId="1"><Parameters></Parameters></Method></Actions><ObjectPaths>${TENANT}</ObjectPaths></Request>`);
    expect(methodIds).toEqual([3]);
  });

  it('sends VerifySPOTenantOrgRelation with the MnA scenario, the partner role and the host as typed parameters', () => {
    const { xml } = tenantMethods(APP, [{
      name: 'VerifySPOTenantOrgRelation',
      params: [enm(OrgRelationScenario.MnA), enm(OrgRelationRole.Target), str('https://woodgrove-my.sharepoint.com/')],
    }]);
    expect(xml).toContain('<Method Name="VerifySPOTenantOrgRelation" Id="3" ObjectPathId="1"><Parameters>'
      + '<Parameter Type="Enum">1</Parameter><Parameter Type="Enum">2</Parameter>'
      + '<Parameter Type="String">https://woodgrove-my.sharepoint.com/</Parameter></Parameters></Method>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('builds the site page request in the recorded filter shape, StartIndex carrying the page token', () => {
    const token = 'SPSiteQuery,0d6b8a52-3c51-4f0e-9a7c-2b1f4e6d8c90,7e2a9f14-5b3c-4d6e-8f01-a2b3c4d5e6f7';
    const { xml, queryId } = sitePageRequest(APP, token);
    expect(xml).toBe(`${HEAD}<Actions><ObjectPath Id="2" ObjectPathId="1"/><ObjectPath Id="4" ObjectPathId="3"/>`
      + '<Query Id="5" ObjectPathId="3"><Query SelectAllProperties="true"><Properties/></Query><ChildItemQuery SelectAllProperties="true"><Properties/></ChildItemQuery></Query></Actions>'
      + `<ObjectPaths>${TENANT}<Method Id="3" ParentId="1" Name="GetSitePropertiesFromSharePointByFilters"><Parameters>`
      + '<Parameter TypeId="{b92aeee2-c92c-4b67-abcc-024e471bc140}">'
      + '<Property Name="Filter" Type="String"></Property><Property Name="IncludeDetail" Type="Boolean">false</Property>'
      + '<Property Name="IncludePersonalSite" Type="Enum">1</Property>'
      + `<Property Name="StartIndex" Type="String">${token}</Property><Property Name="Template" Type="String"></Property>`
      + '</Parameter></Parameters></Method></ObjectPaths></Request>');
    expect(queryId).toBe(5);
  });

  it('starts paging at StartIndex "0"', () => {
    expect(sitePageRequest(APP, '0').xml).toContain('<Property Name="StartIndex" Type="String">0</Property>');
  });

  it('escapes & < > " \' in string parameters, so a UPN with an apostrophe stays one well-formed value', () => {
    const upn = `dee.o'hara@northwind.com & <x> "q"`;
    const { xml } = tenantMethods(APP, [{ name: 'GetSomething', params: [str(upn)] }]);
    expect(xml).toContain('<Parameter Type="String">dee.o&apos;hara@northwind.com &amp; &lt;x&gt; &quot;q&quot;</Parameter>');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = parser.parse(xml);
    expect(parsed.Request.Actions.Method.Parameters.Parameter['#text']).toBe(upn);
  });

  it('writes newlines in identity names as &#xA; and escapes the application name', () => {
    expect(xmlEscape('a|b\nSpoOperation\nRemoveSite')).toBe('a|b&#xA;SpoOperation&#xA;RemoveSite');
    const { xml } = tenantObjectQuery(`Bot "R&D" <test>`, { name: 'X', params: [] });
    expect(xml).toContain('ApplicationName="Bot &quot;R&amp;D&quot; &lt;test&gt;"');
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
