import { createIdeFetcher } from './ide-fetcher';

/** the request the fetcher sent, and a canned answer */
function recorder(answer: { status?: number; body: string }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return { status: answer.status ?? 200, statusText: 'OK', text: async () => answer.body } as Response;
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe('the GraphiQL fetcher', () => {
  it('POSTs JSON (what Apollo’s CSRF prevention accepts) with the web client’s key', async () => {
    const { calls, fetchImpl } = recorder({ body: '{"data":{"__typename":"Query"}}' });
    const fetcher = createIdeFetcher({ url: '/graphql', apiKey: () => 'tg_local_abc', fetchImpl });
    expect(await fetcher({ query: '{ __typename }' }, {})).toEqual({ data: { __typename: 'Query' } });
    expect(calls[0].url).toBe('/graphql');
    expect(calls[0].init.method).toBe('POST');
    expect(headersOf(calls[0].init)).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer tg_local_abc' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ query: '{ __typename }' });
  });

  it('lets an Authorization set in the Headers pane win, whatever its case', async () => {
    const { calls, fetchImpl } = recorder({ body: '{"data":{}}' });
    const fetcher = createIdeFetcher({ url: '/graphql', apiKey: () => 'tg_local_abc', fetchImpl });
    await fetcher({ query: '{ __typename }' }, { headers: { Authorization: 'Bearer tg_admin_pasted' } });
    expect(headersOf(calls[0].init).authorization).toBe('Bearer tg_admin_pasted');
  });

  it('sends no Authorization when there is no key', async () => {
    const { calls, fetchImpl } = recorder({ body: '{"data":{}}' });
    await createIdeFetcher({ url: '/graphql', apiKey: () => null, fetchImpl })({ query: '{ __typename }' }, {});
    expect(headersOf(calls[0].init)).not.toHaveProperty('authorization');
  });

  it('turns an answer that is not JSON into a GraphQL error the response pane can show', async () => {
    const { fetchImpl } = recorder({ status: 502, body: '<html>Bad Gateway</html>' });
    const result = await createIdeFetcher({ url: '/graphql', apiKey: () => null, fetchImpl })({ query: '{ __typename }' }, {});
    expect(result).toMatchObject({ errors: [{ message: expect.stringMatching(/^HTTP 502 .*not JSON/) }] });
  });
});
