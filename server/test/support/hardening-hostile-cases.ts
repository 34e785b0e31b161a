/**
 * Generated malformed and hostile requests for hardening-hostile.test.ts. Each case says what a
 * correct server does with it: refuse it with a coded error, or (a few well-formed writes whose
 * strings merely look dangerous) accept it — those are the only writes the database may show.
 */
import { DEFAULT_FEEDBACK_TYPES } from '../../src/engine/dataset/feedback';
import { strategyEntries } from '../../src/engine/strategies/registry';

export interface HostileCase {
  name: string;
  body: string | Buffer;
  /** headers beyond content-type: application/json (a null value removes that header) */
  headers?: Record<string, string | null>;
  /** 'error': must be refused with coded errors; 'ok': must succeed; 'any': either, but coded if refused */
  expect: 'error' | 'ok' | 'any';
  /** a successful answer writes this many users / interactions */
  writes?: { users?: number; interactions?: number };
  /** needs what earlier cases create (a user): sent after all the others have been answered */
  afterOthers?: boolean;
}

export interface CaseContext {
  writeKey: string;
  readKey: string;
  revokedKey: string;
  userIds: string[];
  itemIds: string[];
}

/** deterministic pseudo-random numbers, so a failure reproduces */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export const PAYLOADS = [
  "1' OR '1'='1",
  '1; DROP TABLE users; --',
  "'); DELETE FROM interactions; --",
  '" OR ""="',
  '1 UNION SELECT key_hash FROM api_keys',
  '%',
  '_',
  '\\',
  "%' OR 1=1 --",
  '$1',
  '::text',
  'pg_sleep(10)',
  "'; SELECT pg_sleep(10); --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("x")()}}',
  '__proto__',
  'constructor',
  '${7*7}',
  '../../../../etc/passwd',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\u202e\u0041',
  'a\u200bb',
  '\u2066x\u2069',
  '\ufeffid',
  'x'.repeat(5000),
  '😀'.repeat(100),
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x41',
];

const gql = (query: string, variables?: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, ...extra });
const RECS = 'query ($u: ID!, $s: Strategy!, $l: Int!) { recommendations(userId: $u, strategy: $s, limit: $l) { item { id } score } }';
const RATE = 'mutation ($i: RateItemInput!) { rateItem(input: $i) { rating } }';
const RECORD = 'mutation ($i: RecordInteractionInput!) { recordInteraction(input: $i) { id } }';
const CREATE = 'mutation ($id: ID!) { createUser(input: { id: $id }) { id } }';

export function hostileCases(ctx: CaseContext): HostileCase[] {
  const rnd = lcg(20261129);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push(c);

  // invalid JSON and bodies that are JSON but not a GraphQL request
  const brokenJson = [
    '{',
    '{"query":',
    '{"query": "{ __typename }"',
    "{'query': '{ __typename }'}",
    'query { __typename }',
    '{"query": "{ __typename }",}',
    '\u0000\u0001\u0002',
    '{"query": "\\x"}',
    'nul',
    '{"a":' + '['.repeat(5000),
  ];
  for (const b of brokenJson) add({ name: `invalid JSON ${JSON.stringify(b.slice(0, 20))}`, body: b, expect: 'error' });
  for (let n = 0; n < 40; n++) {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
    add({ name: `random bytes #${n}`, body: bytes, expect: 'error' });
  }
  for (const b of [
    'null',
    '[]',
    '123',
    '"{ __typename }"',
    'true',
    '{}',
    '{"query": null}',
    '{"query": 42}',
    '{"query": ["{ __typename }"]}',
    '{"query": {"a": 1}}',
    '{"query": ""}',
    '{"query": "   "}',
    '{"query": "{ __typename }", "variables": "x"}',
    '{"query": "{ __typename }", "variables": [1]}',
    '{"query": "{ __typename }", "operationName": 5}',
    '{"query": "{ __typename }", "extensions": "x"}',
    '{"query": "{ __typename }", "operationName": "Nope"}',
  ]) {
    add({ name: `not a GraphQL request: ${b}`, body: b, expect: 'error' });
  }
  // batched operations are refused
  for (let n = 1; n <= 20; n++) {
    add({ name: `batch of ${n * 5}`, body: JSON.stringify(Array.from({ length: n * 5 }, () => ({ query: '{ __typename }' }))), expect: 'error' });
  }
  // wrong content types
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/graphql']) {
    add({ name: `content-type ${type}`, body: 'query=%7B__typename%7D', headers: { 'content-type': type }, expect: 'error' });
  }

  // syntax errors, unknown fields and arguments, fragment cycles
  const badQueries = [
    '{',
    '}',
    '{ __typename',
    'query { item(id: ) { id } }',
    'mutation',
    '{ item(id: "1") { id }',
    'subscription { x }',
    '{ item(id: "1") { nope } }',
    '{ nope }',
    '{ item(idd: "1") { id } }',
    '{ recommendations(userId: "1", strategy: FOO) { score } }',
    '{ recommendations(userId: "1") }',
    '{ item(id: "1") { similar(limit: "x") { id } } }',
    'fragment A on Item { ...B } fragment B on Item { ...A } { item(id: "1") { ...A } }',
    '{ item(id: "1") { ...Missing } }',
    'query Q { __typename } query Q { __typename }',
    '{ __schema { nope } }',
    '{ item(id: 1.5) { id } }',
    'mutation { rateItem(input: { userId: "1", itemId: "1", rating: 3, extra: 1 }) { rating } }',
    'mutation { deleteEverything }',
    '{ user(id: "1") { ratings(first: "all") { totalCount } } }',
    `{ item(id: "${'\\u0000'}") { id } }`,
    '{ item(id: """x""" ) { id } }',
  ];
  for (const q of badQueries) add({ name: `bad query ${q.slice(0, 40)}`, body: gql(q), expect: 'error' });

  // wrong types and out-of-range values in variables
  const badValues: [string, unknown][] = [
    ['u', null],
    ['u', {}],
    ['u', [1]],
    ['u', true],
    ['s', 'FOO'],
    ['s', 1],
    ['s', null],
    ['s', 'svd'],
    ['l', 'ten'],
    ['l', 1.5],
    ['l', null],
    ['l', 2 ** 31],
    ['l', -(2 ** 40)],
    ['l', '10'],
    ['l', [10]],
  ];
  for (const [field, value] of badValues) {
    for (let n = 0; n < 3; n++) {
      const vars: Record<string, unknown> = { u: pick(ctx.userIds), s: pick(strategyEntries().map((e) => e.apiName)), l: 10, [field]: value };
      add({ name: `recommendations with ${field}=${JSON.stringify(value)}`, body: gql(RECS, vars), expect: 'error' });
    }
  }
  // huge and silly limits on every list argument
  for (const limit of [0, -1, 101, 1000, 10_000, 2 ** 31 - 1]) {
    add({ name: `recommendations limit ${limit}`, body: gql(RECS, { u: pick(ctx.userIds), s: 'AUTO', l: limit }), expect: 'error' });
    add({ name: `popularItems limit ${limit}`, body: gql(`{ popularItems(limit: ${limit}) { id } }`), expect: 'error' });
    add({ name: `similarItems limit ${limit}`, body: gql(`{ similarItems(itemId: "${ctx.itemIds[0]}", limit: ${limit}) { id } }`), expect: 'error' });
    add({ name: `items first ${limit}`, body: gql(`{ items(first: ${limit}) { totalCount } }`), expect: 'error' });
    add({ name: `compareStrategies limit ${limit}`, body: gql(`{ compareStrategies(userId: "${ctx.userIds[0]}", limit: ${limit}) { strategy } }`), expect: 'error' });
    add({ name: `userIds limit ${limit}`, body: gql(`{ userIds(limit: ${limit}) }`), expect: 'error' });
    add({ name: `ratings first ${limit}`, body: gql(`{ user(id: "${ctx.userIds[0]}") { ratings(first: ${limit}) { totalCount } } }`), expect: 'error' });
  }
  add({
    name: 'excludeItemIds × 5000',
    body: gql('query ($x: [ID!]) { recommendations(userId: "1", excludeItemIds: $x) { score } }', { x: Array.from({ length: 5000 }, (_, i) => String(i)) }),
    expect: 'error',
  });

  // deep nesting, many aliases, costly shapes
  for (const depth of [12, 20, 50, 200]) {
    const q = `{ item(id: "${ctx.itemIds[0]}") { ${'similar(limit: 2) { '.repeat(depth)} id ${'} '.repeat(depth)} } }`;
    add({ name: `similar nested ${depth} deep`, body: gql(q), expect: 'error' });
  }
  for (const n of [500, 2000, 5000]) {
    // cheap aliases are bounded by the cost limit (one batched lookup), not refused outright
    add({
      name: `${n} aliases of item`,
      body: gql(`{ ${Array.from({ length: n }, (_, i) => `a${i}: item(id: "${ctx.itemIds[0]}") { id title }`).join(' ')} }`),
      expect: n > 4000 ? 'error' : 'any',
    });
    add({
      name: `${n} aliases of recommendations`,
      body: gql(`{ ${Array.from({ length: n }, (_, i) => `a${i}: recommendations(userId: "1", limit: 100) { score }`).join(' ')} }`),
      expect: 'error',
    });
  }
  // thousands of fragment spreads: one coded error naming the limit (not graphql-js's bare "Validation aborted.")
  const spreads = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
  add({ name: '5000 spreads of one fragment', body: gql(`{ item(id: "${ctx.itemIds[0]}") { ${spreads(5000, () => '...F')} } } fragment F on Item { id }`), expect: 'error' });
  add({
    name: '5000 different fragments',
    body: gql(`{ item(id: "${ctx.itemIds[0]}") { ${spreads(5000, (i) => `...F${i}`)} } } ${spreads(5000, (i) => `fragment F${i} on Item { id }`)}`),
    expect: 'error',
  });
  add({ name: '5000 inline fragments', body: gql(`{ item(id: "${ctx.itemIds[0]}") { ${spreads(5000, () => '... on Item { id }')} } }`), expect: 'error' });
  add({ name: 'nested lists multiply cost', body: gql('{ popularItems(limit: 100) { similar(limit: 100) { similar(limit: 100) { id } } } }'), expect: 'error' });
  add({
    name: 'compare × 100 aliases',
    body: gql(
      `{ ${Array.from({ length: 100 }, (_, i) => `c${i}: compareStrategies(userId: "1", limit: 100) { recommendations { item { similar(limit: 100) { id } } } }`).join(' ')} }`,
    ),
    expect: 'error',
  });

  // oversized bodies
  for (const mb of [1.5, 3, 8]) {
    add({ name: `${mb} MB body`, body: gql(`{ item(id: "${'x'.repeat(mb * 1_000_000)}") { id } }`), expect: 'error' });
  }

  // keys: missing, malformed, unknown, revoked, too small a scope — on every mutation
  const mutations: [string, string][] = [
    ['rateItem', gql(RATE, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], rating: 4 } })],
    ['recordInteraction', gql(RECORD, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], kind: 'view' } })],
    ['createUser', gql(CREATE, { id: 'hostile-never-created' })],
    ['trainModel', gql('mutation { trainModel(strategy: SVD) { id } }')],
    ['activateModel', gql('mutation { activateModel(id: "1") { id } }')],
    ['cancelTrainingJob', gql('mutation { cancelTrainingJob(id: "1") { id } }')],
  ];
  const badAuth: Record<string, string | null>[] = [
    {},
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: `Bearer ${ctx.writeKey}x` },
    { authorization: `bearer  ${ctx.revokedKey}` },
    bearer(ctx.revokedKey),
    bearer('tg_' + 'A'.repeat(43)),
    bearer("' OR 1=1 --"),
    bearer('x'.repeat(10_000)),
    { authorization: `Bearer ${ctx.writeKey} ${ctx.writeKey}` },
    bearer(ctx.readKey),
  ];
  for (const [name, body] of mutations) {
    for (const h of badAuth) add({ name: `${name} with auth ${JSON.stringify(h).slice(0, 40)}`, body, headers: h, expect: 'error' });
    // a write key is not enough for the admin mutations
    if (['trainModel', 'activateModel', 'cancelTrainingJob'].includes(name)) add({ name: `${name} with a write key`, body, headers: bearer(ctx.writeKey), expect: 'error' });
  }
  // a mutation over GET is refused even with a key
  add({ name: 'wrong key on a query too', body: gql('{ __typename }'), headers: bearer(ctx.revokedKey), expect: 'error' });

  // SQL and script payloads in every string argument of the reads: coded NOT_FOUND / BAD_USER_INPUT or an empty answer
  for (const p of PAYLOADS) {
    add({ name: `item(id: ${p.slice(0, 20)})`, body: gql('query ($id: ID!) { item(id: $id) { id } }', { id: p }), expect: 'error' });
    add({ name: `user(id: ${p.slice(0, 20)})`, body: gql('query ($id: ID!) { user(id: $id) { id } }', { id: p }), expect: 'error' });
    add({ name: `recommendations(userId: ${p.slice(0, 20)})`, body: gql(RECS, { u: p, s: 'AUTO', l: 10 }), expect: 'error' });
    add({
      name: `recommendations(genre: ${p.slice(0, 20)})`,
      body: gql('query ($g: String) { recommendations(userId: "1", genre: $g) { score } }', { g: p || 'x' }),
      expect: 'error',
    });
    add({ name: `items(search: ${p.slice(0, 20)})`, body: gql('query ($s: String) { items(search: $s, first: 5) { totalCount } }', { s: p }), expect: 'any' });
    add({ name: `items(genre: ${p.slice(0, 20)})`, body: gql('query ($g: String) { items(genre: $g, first: 5) { totalCount } }', { g: p }), expect: 'any' });
    add({ name: `items(after: ${p.slice(0, 20)})`, body: gql('query ($a: String) { items(after: $a, first: 5) { totalCount } }', { a: p }), expect: 'any' });
    add({ name: `userIds(prefix: ${p.slice(0, 20)})`, body: gql('query ($p: String!) { userIds(prefix: $p) }', { p }), expect: 'any' });
    add({ name: `similarItems(itemId: ${p.slice(0, 20)})`, body: gql('query ($id: ID!) { similarItems(itemId: $id) { id } }', { id: p }), expect: 'error' });
    add({ name: `trainingJob(id: ${p.slice(0, 20)})`, body: gql('query ($id: ID!) { trainingJob(id: $id) { id } }', { id: p }), expect: 'error' });
    add({ name: `modelVersion(id: ${p.slice(0, 20)})`, body: gql('query ($id: ID!) { modelVersion(id: $id) { id } }', { id: p }), expect: 'error' });
    // writes with a valid key but a hostile string where an id or kind goes: refused, nothing written
    add({ name: `rateItem(itemId: ${p.slice(0, 20)})`, body: gql(RATE, { i: { userId: ctx.userIds[0], itemId: p, rating: 3 } }), headers: bearer(ctx.writeKey), expect: 'error' });
    add({ name: `rateItem(userId: ${p.slice(0, 20)})`, body: gql(RATE, { i: { userId: p, itemId: ctx.itemIds[0], rating: 3 } }), headers: bearer(ctx.writeKey), expect: 'error' });
    // a kind must be a declared feedback type: plain lower-case words ("null", "constructor") are refused too
    const validKind = DEFAULT_FEEDBACK_TYPES.some((t) => t.name === p);
    add({
      name: `recordInteraction(kind: ${p.slice(0, 20)})`,
      body: gql(RECORD, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], kind: p } }),
      headers: bearer(ctx.writeKey),
      expect: validKind ? 'ok' : 'error',
      writes: validKind ? { interactions: 1 } : undefined,
    });
  }
  // bad numbers in writes
  for (const rating of [0, 0.25, 5.5, -1, 1e308, 3.3, 'five', null]) {
    add({ name: `rateItem rating ${rating}`, body: gql(RATE, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], rating } }), headers: bearer(ctx.writeKey), expect: 'error' });
  }
  for (const weight of [0, -5, 1001, 1e308, 'heavy']) {
    add({
      name: `recordInteraction weight ${weight}`,
      body: gql(RECORD, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], kind: 'view', weight } }),
      headers: bearer(ctx.writeKey),
      expect: 'error',
    });
  }
  for (const occurredAt of ['yesterday', '2999-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2020-13-45T99:99:99Z', 12345]) {
    add({
      name: `recordInteraction occurredAt ${occurredAt}`,
      body: gql(RECORD, { i: { userId: ctx.userIds[0], itemId: ctx.itemIds[0], kind: 'view', occurredAt } }),
      headers: bearer(ctx.writeKey),
      expect: 'error',
    });
  }
  add({
    name: 'recordInteractions × 1001',
    body: gql('mutation ($xs: [RecordInteractionInput!]!) { recordInteractions(inputs: $xs) { id } }', {
      xs: Array.from({ length: 1001 }, () => ({ userId: ctx.userIds[0], itemId: ctx.itemIds[0], kind: 'view' })),
    }),
    headers: bearer(ctx.writeKey),
    expect: 'error',
  });
  for (const id of ['', ' padded ', 'x'.repeat(129), ctx.userIds[0]]) {
    add({ name: `createUser id ${JSON.stringify(id.slice(0, 20))}`, body: gql(CREATE, { id }), headers: bearer(ctx.writeKey), expect: 'error' });
  }

  // the valid writes among them: dangerous-looking ids are data, stored as given
  const storable = ["hostile-1' OR '1'='1", 'hostile-<script>alert(1)</script>', 'hostile-"; DROP TABLE items; --', 'hostile-😀', 'hostile-%_\\'];
  for (const id of storable) add({ name: `createUser ${id}`, body: gql(CREATE, { id }), headers: bearer(ctx.writeKey), expect: 'ok', writes: { users: 1 } });
  add({
    name: 'a valid rating among them',
    body: gql(RATE, { i: { userId: storable[0], itemId: ctx.itemIds[1], rating: 4.5 } }),
    headers: bearer(ctx.writeKey),
    expect: 'ok',
    writes: { interactions: 1 },
    afterOthers: true,
  });
  add({
    name: 'a valid event with a hostile idempotencyKey',
    body: gql(RECORD, { i: { userId: storable[1], itemId: ctx.itemIds[2], kind: 'view', idempotencyKey: "'); DROP TABLE interactions; --" } }),
    headers: bearer(ctx.writeKey),
    expect: 'ok',
    writes: { interactions: 1 },
    afterOthers: true,
  });
  // fuzz: valid reads with random characters deleted, doubled or inserted (no key: nothing can write)
  const seeds = [
    `{ recommendations(userId: "${ctx.userIds[0]}", strategy: SVD, limit: 10) { item { id title genres } score reasons } }`,
    `{ item(id: "${ctx.itemIds[0]}") { id title similar(limit: 5) { id } } }`,
    `{ user(id: "${ctx.userIds[0]}") { id ratingCount ratings(first: 3) { edges { node { rating } } } } }`,
    '{ popularItems(limit: 5, trending: true) { id title } items(first: 3, search: "toy") { totalCount } }',
    `mutation { rateItem(input: { userId: "${ctx.userIds[0]}", itemId: "${ctx.itemIds[0]}", rating: 4 }) { rating } }`,
  ];
  const noise = '{}()[]:,!$@."\\#\n 0123456789abcXYZ_-+=*&|\'\u0000';
  for (let n = 0; n < 400; n++) {
    const chars = [...pick(seeds)];
    for (let m = 1 + Math.floor(rnd() * 4); m > 0; m--) {
      const at = Math.floor(rnd() * chars.length);
      const op = rnd();
      if (op < 0.4) chars.splice(at, 1);
      else if (op < 0.7) chars.splice(at, 0, chars[at] ?? '{');
      else chars.splice(at, 0, noise[Math.floor(rnd() * noise.length)]);
    }
    add({ name: `fuzz #${n}: ${chars.join('').slice(0, 60)}`, body: gql(chars.join('')), expect: 'any' });
  }
  return cases;
}
