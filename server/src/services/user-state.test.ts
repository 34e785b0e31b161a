import { matches, userState, UserStates, withWrites } from './user-state';

const row = (key: string) => ({ key, id: 'u', labels: [], createdAt: new Date(0) });
const history = [
  { itemKey: '1', kind: 'rating', value: 4, typeWeight: null, polarity: null, rows: 1 },
  { itemKey: '2', kind: 'view', value: 3, typeWeight: 1, polarity: 'positive' as const, rows: 3 },
];

describe('UserStates', () => {
  it('a read begun before an erasure or a newer read does not overwrite what they left', () => {
    const users = new UserStates();
    const early = users.mark();
    const late = users.mark();
    expect(users.set('u', userState(row('1'), history), late)).toBe(true);
    users.delete(['u']);
    expect(users.set('u', userState(row('1'), []), early)).toBe(false);
    expect(users.get('u')).toBeUndefined();
    const again = users.mark();
    expect(users.set('u', userState(row('2'), history), again)).toBe(true);
    expect(users.get('u')!.row.key).toBe('2');
  });

  it('clear drops every state and every read under way', () => {
    const users = new UserStates();
    const mark = users.mark();
    users.set('a', userState(row('1'), history), mark);
    const reading = users.mark();
    users.clear();
    expect(users.size).toBe(0);
    expect(users.set('b', userState(row('2'), history), reading)).toBe(false);
  });

  it('the fingerprint sees an added event, a changed rating and another user under the same id', () => {
    const s = userState(row('1'), history);
    expect(s.fingerprint).toEqual({ groups: 2, rows: 4, sum: 7 });
    expect(s.history).toHaveLength(2);
    expect(matches(s, { id: 'u', key: '1', groups: 2, rows: 4, sum: 7 })).toBe(true);
    expect(matches(s, { id: 'u', key: '1', groups: 2, rows: 5, sum: 8 })).toBe(false);
    expect(matches(s, { id: 'u', key: '1', groups: 2, rows: 4, sum: 7.5 })).toBe(false);
    expect(matches(s, { id: 'u', key: '9', groups: 2, rows: 4, sum: 7 })).toBe(false);
  });
});

describe('withWrites', () => {
  const types = (kind: string) => (kind === 'view' ? { weight: 1, polarity: 'positive' as const } : undefined);

  it('gives the state a fresh read of the database would give', () => {
    const s = userState(row('1'), history);
    const after = withWrites(
      s,
      [
        { userKey: '1', itemKey: '1', kind: 'rating', value: 2, created: false }, // re-rated
        { userKey: '1', itemKey: '2', kind: 'view', value: 1, created: true }, // one more view
        { userKey: '1', itemKey: '3', kind: 'rating', value: 5, created: true }, // a new rating
        { userKey: '1', itemKey: '4', kind: 'view', value: 2, created: true }, // a new item
        { userKey: '1', itemKey: '2', kind: 'view', value: 7, created: false }, // a retry: wrote nothing
      ],
      types,
    )!;
    const read = userState(row('1'), [
      { itemKey: '1', kind: 'rating', value: 2, typeWeight: null, polarity: null, rows: 1 },
      { itemKey: '2', kind: 'view', value: 4, typeWeight: 1, polarity: 'positive', rows: 4 },
      { itemKey: '3', kind: 'rating', value: 5, typeWeight: null, polarity: null, rows: 1 },
      { itemKey: '4', kind: 'view', value: 2, typeWeight: 1, polarity: 'positive', rows: 1 },
    ]);
    expect(after.fingerprint).toEqual(read.fingerprint);
    expect(after.history).toEqual(read.history);
    expect(s.fingerprint).toEqual({ groups: 2, rows: 4, sum: 7 }); // the old state is not changed
  });

  it('does not apply a write of another user under the same id (erased and taken again): null', () => {
    expect(withWrites(userState(row('1'), history), [{ userKey: '2', itemKey: '1', kind: 'rating', value: 3, created: true }], types)).toBeNull();
  });

  it('cannot tell an undeclared kind\u2019s weight: null, so the user is read again', () => {
    expect(withWrites(userState(row('1'), history), [{ userKey: '1', itemKey: '9', kind: 'share', value: 1, created: true }], types)).toBeNull();
  });

  it('applyWrites refuses a read begun before the write and drops what it cannot update', () => {
    const users = new UserStates();
    users.set('u', userState(row('1'), history), users.mark());
    const reading = users.mark();
    users.applyWrites('u', () => null);
    expect(users.get('u')).toBeUndefined();
    expect(users.set('u', userState(row('1'), []), reading)).toBe(false);
  });
});
