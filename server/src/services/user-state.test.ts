import { matches, userState, UserStates } from './user-state';

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
