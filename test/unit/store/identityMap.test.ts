import { describe, expect, it } from '@jest/globals';
import { findUser, parseIdentityMap } from '../../../services/identityMap/identityMap.js';

const CSV = [
  'User,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,adele@contoso.com,adele@fabrikam.com,adele@fabrikam.com,Member',
  'Group,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222,Sales,Unified',
  '',
  'User,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,"o\'brien@contoso.com",obrien@fabrikam.com,obrien@fabrikam.com,Member',
  'User,0c7d1a2b,not-a-upn,x@fabrikam.com,x@fabrikam.com,Member',
  'User,0c7d1a2b,too@few.com,columns@fabrikam.com',
  'Person,0c7d1a2b,a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member',
  'User,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,ADELE@contoso.com,adele2@fabrikam.com,adele2@fabrikam.com,Member',
].join('\n');

describe('identity map', () => {
  const map = parseIdentityMap(CSV);

  it('reads User rows and ignores Group rows', () => {
    expect(map.users.map((u) => [u.line, u.sourceUpn, u.targetUpn])).toEqual([
      [1, 'adele@contoso.com', 'adele@fabrikam.com'],
      [4, "o'brien@contoso.com", 'obrien@fabrikam.com'],
    ]);
  });

  it('reports each bad row with its line and reason', () => {
    expect(map.problems).toEqual([
      { line: 5, column: 'SourceTenantCompanyID', reason: 'SourceTenantCompanyID "0c7d1a2b" is not a GUID' },
      { line: 6, reason: 'expected 6 columns, found 4' },
      { line: 7, column: 'kind', reason: 'the first column must be User or Group, not "Person"' },
      { line: 8, column: 'SourceUserUpn', reason: 'SourceUserUpn "ADELE@contoso.com" is already mapped on line 1' },
    ]);
  });

  it('finds a person by source or target UPN, ignoring case', () => {
    expect(findUser(map, 'Adele@Fabrikam.com')?.sourceUpn).toBe('adele@contoso.com');
    expect(findUser(map, "O'BRIEN@contoso.com")?.targetUpn).toBe('obrien@fabrikam.com');
    expect(findUser(map, 'nobody@contoso.com')).toBeUndefined();
  });
});
