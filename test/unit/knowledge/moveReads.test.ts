// Small parts of what the bot knows of moves: which states count as finished (trust may go only then),
// where a move state comes from once trust is gone (the record kept before removing it), and the lines a
// reading card shows while a read goes on.
import { describe, expect, it } from '@jest/globals';
import { TenantError } from '../../../services/errors.js';
import { isCompletedMove, isFinishedMove, moveStateWords } from '../../../services/knowledge/moveStates.js';
import { listingText, movesReadText, ReadingText } from '../../../services/knowledge/readingText.js';
import { readMoveState, type RecordedMoveStates } from '../../../services/knowledge/recordedMoves.js';
import type { MoveState, SiteMoveState } from '../../../services/tenants/types.js';

const move = (status: string): MoveState => ({ sourceUpn: 'p@contoso.com', status } as MoveState);

describe('move states', () => {
  it.each(['completed', 'Failed', 'CANCELLED'])('counts %s as finished', (status) => {
    expect(isFinishedMove(move(status))).toBe(true);
  });

  it.each(['inProgress', 'scheduled', 'rescheduled', 'somethingNew'])('counts %s as not finished, so trust stays', (status) => {
    expect(isFinishedMove(move(status))).toBe(false);
  });

  it('counts no move at all as not finished, and only a completed move as completed', () => {
    expect(isFinishedMove(null)).toBe(false);
    expect(isCompletedMove(move('Completed'))).toBe(true);
    expect(isCompletedMove(move('failed'))).toBe(false);
    expect(isCompletedMove(null)).toBe(false);
  });

  it('words a state as people read it, and no move as the caller says', () => {
    expect(moveStateWords(move('inProgress'))).toBe('in progress');
    expect(moveStateWords(null)).toBe('no move found');
    expect(moveStateWords(undefined, 'not found')).toBe('not found');
  });
});

describe('readMoveState once trust is gone', () => {
  const RECORDED_AT = '2026-11-02T09:00:00.000Z';
  const refusing = (err: Error) => ({
    getMoveState: async (): Promise<MoveState | null> => { throw err; },
    getSiteMoveState: async (): Promise<SiteMoveState | null> => { throw err; },
  });
  const answering = (state: MoveState | null) => ({ getMoveState: async () => state, getSiteMoveState: async (): Promise<SiteMoveState | null> => null });
  const recorded: RecordedMoveStates = { record: async (upn) => (upn === 'kept@contoso.com' ? { state: move('completed'), recordedAt: RECORDED_AT } : null) };
  const gone = new TenantError('UnprocessableEntity', 'The cross-tenant relationship does not exist.', 422);

  it('reads the tenant while it answers', async () => {
    await expect(readMoveState(answering(move('inProgress')), recorded, 'kept@contoso.com')).resolves.toEqual({ state: move('inProgress') });
  });

  it('asks for a site\'s or a group\'s move by its kind and URL or alias, and falls back to its record by key', async () => {
    const asked: string[] = [];
    const tenant = {
      getMoveState: async (): Promise<MoveState | null> => { throw new Error('a site read as a person'); },
      getSiteMoveState: async (kind: 'site' | 'group', source: string): Promise<SiteMoveState | null> => { asked.push(`${kind} ${source}`); return { kind, source, status: 'completed' }; },
    };
    await readMoveState(tenant, recorded, 'site:https://contoso.sharepoint.com/sites/sales');
    await readMoveState(tenant, recorded, 'group:hr');
    expect(asked).toEqual(['site https://contoso.sharepoint.com/sites/sales', 'group hr']);
    const siteRecord: RecordedMoveStates = { record: async (key) => (key === 'group:hr' ? { state: { status: 'completed' }, recordedAt: RECORDED_AT } : null) };
    await expect(readMoveState(refusing(gone), siteRecord, 'group:hr')).resolves.toEqual({ state: { status: 'completed' }, recordedAt: RECORDED_AT });
  });

  it('answers a 422 with the state recorded before trust removal, saying when it was recorded', async () => {
    await expect(readMoveState(refusing(gone), recorded, 'kept@contoso.com')).resolves.toEqual({ state: move('completed'), recordedAt: RECORDED_AT });
  });

  it('passes on the 422 when nothing was recorded for the person, or nowhere to look', async () => {
    await expect(readMoveState(refusing(gone), recorded, 'other@contoso.com')).rejects.toBe(gone);
    await expect(readMoveState(refusing(gone), undefined, 'kept@contoso.com')).rejects.toBe(gone);
  });

  it('never answers another failure with a record: the tenant may still hold a different state', async () => {
    const throttled = new TenantError('TooManyRequests', 'Slow down.', 429);
    await expect(readMoveState(refusing(throttled), recorded, 'kept@contoso.com')).rejects.toBe(throttled);
    const plain = new Error('socket hang up');
    await expect(readMoveState(refusing(plain), recorded, 'kept@contoso.com')).rejects.toBe(plain);
  });
});

describe('reading card lines', () => {
  it('words a listing and a ledger read, and who is reading when not this instance', () => {
    expect(listingText('contoso', { pages: 12, sitesSeen: 3000, redirectsKept: 2900 })).toBe('Redirect sites on contoso: 12 pages, 3,000 sites listed');
    expect(listingText('contoso', undefined)).toBe('Redirect sites on contoso: waiting for another instance of the bot to list them');
    expect(movesReadText(3200, 10000)).toBe('Move states: 3,200 of 10,000 people read');
    expect(movesReadText(3200, 10000, true)).toBe('Move states: 3,200 of 10,000 people read by another instance of the bot');
  });

  it('shows one line per part still being read, in the order they began, and tells only of changes', () => {
    const shown: string[] = [];
    const text = new ReadingText((t) => shown.push(t));
    text.set('moves', 'Move states: 1 of 2 people read');
    text.set('source', 'Redirect sites on contoso: 1 pages, 10 sites listed');
    text.set('source', 'Redirect sites on contoso: 1 pages, 10 sites listed');
    text.set('moves', 'Move states: 2 of 2 people read');
    text.set('moves', undefined);
    text.set('source', undefined);
    expect(shown).toEqual([
      'Move states: 1 of 2 people read',
      'Move states: 1 of 2 people read\nRedirect sites on contoso: 1 pages, 10 sites listed',
      'Move states: 2 of 2 people read\nRedirect sites on contoso: 1 pages, 10 sites listed',
      'Redirect sites on contoso: 1 pages, 10 sites listed',
    ]);
  });
});
