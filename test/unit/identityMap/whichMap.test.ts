// Telling a site map from an identity map by the first line, without losing a byte of the stream.
import { describe, expect, it } from '@jest/globals';
import { whichMap } from '../../../services/identityMap/whichMap.js';

const HEADER = 'Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias';

async function* chunks(...parts: (string | Error)[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield Buffer.from(part);
  }
}

async function readAll(source: AsyncIterable<Buffer>): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return Buffer.concat(out).toString('utf8');
}

describe('whichMap', () => {
  it.each([
    ['the header in one chunk', [`${HEADER}\nSite,a,b,,\n`]],
    ['the header cut across chunks', ['Kind,Source', 'SiteUrl,TargetSiteUrl,Sour', `ceGroupAlias,TargetGroupAlias\r\nSite,a,b,,`]],
    ['a byte-order mark, blank lines, any case, spaces and quotes', ['\uFEFF\n  \n', ` kind , "SOURCESITEURL",targetsiteurl,SourceGroupAlias,TargetGroupAlias\n`]],
    ['a header alone with no line break', [HEADER]],
    ['a byte-order mark right before the header', [`\uFEFF${HEADER}\r\n`]],
  ])('%s is a site map, handed on whole', async (_name, parts) => {
    const { kind, source } = await whichMap(chunks(...parts));
    expect(kind).toBe('site');
    expect(await readAll(source)).toBe(parts.join(''));
  });

  it.each([
    ['an identity map', ['User,0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b,a@contoso.com,a@fabrikam.com,a@fabrikam.com,Member\n']],
    ['another header', ['Kind,Source,Target,SourceAlias,TargetAlias\n']],
    ['the header with a sixth column', [`${HEADER},Extra\n`]],
    ['an empty file', []],
  ])('%s is read as an identity map, handed on whole', async (_name, parts) => {
    const { kind, source } = await whichMap(chunks(...parts));
    expect(kind).toBe('identity');
    expect(await readAll(source)).toBe(parts.join(''));
  });

  it('a download that breaks before the first line ends hands the failure on to the reader', async () => {
    const broken = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { kind, source } = await whichMap(chunks('Kind,Sou', broken));
    expect(kind).toBe('identity');
    await expect(readAll(source)).rejects.toBe(broken);
  });
});
