import { ERROR_CODES } from './error-codes';
import { EXAMPLES } from './examples';

/** the curl line for this server, wherever it is reached from */
export function curlExample(origin: string): string {
  return `curl -s ${origin}/graphql \\
  -H 'content-type: application/json' \\
  -d '{"query":"{ recommendations(userId: \\"1\\") { item { title } reasons } }"}'`;
}

/** Where the API is, what to send, and how to get a key. */
export function ApiPage() {
  const origin = window.location.origin;
  return (
    <div className="page prose">
      <h1>GraphQL API</h1>
      <p>
        Everything this site shows comes from one GraphQL endpoint: <a href="/graphql">/graphql</a> ({origin}/graphql). POST to it from code. Open it in the browser for{' '}
        <strong>GraphiQL</strong>: an explorer that builds a query as you tick fields, autocompletion, the schema’s docs and a history. It is served by this server (no internet
        needed) unless it runs with <code>GRAPHQL_IDE=false</code>. GraphiQL sends the same key as this site, so mutations work there too; to use another key, set{' '}
        <code>{'{ "Authorization": "Bearer <key>" }'}</code> in its Headers pane.
      </p>
      <h2>Examples</h2>
      {EXAMPLES.map((e) => (
        <section key={e.title} className="card example">
          <h3>{e.title}</h3>
          {/* focusable, so a keyboard can scroll a line wider than the screen (axe: scrollable-region-focusable) */}
          <pre tabIndex={0}>
            <code>{e.body}</code>
          </pre>
        </section>
      ))}
      <h3>From the command line</h3>
      <pre tabIndex={0}>
        <code data-testid="curl-example">{curlExample(origin)}</code>
      </pre>
      <h2 id="keys">API keys</h2>
      <p>
        Queries are open unless the server runs with <code>REQUIRE_KEY_FOR_READS=true</code>. Mutations need a key, sent as <code>Authorization: Bearer &lt;key&gt;</code>. Scopes:{' '}
        <code>write</code> (users, ratings, interactions) and <code>admin</code> (training, activating models, keys; includes write).
      </p>
      <ul>
        <li>
          The first start of the server prints an <strong>admin</strong> key once, in its log.
        </li>
        <li>
          Create more with <code>npm run key -- create --scope write --name NAME</code> (or <code>--scope admin</code>); the last line printed is the key. Revoke with{' '}
          <code>npm run key -- revoke NAME</code>.
        </li>
        <li>
          While the server listens on 127.0.0.1 only, it hands this web client a write key automatically. Otherwise paste a key under <em>API key</em> at the top of the page; it
          stays in this browser only.
        </li>
      </ul>
      <h2 id="errors">Errors</h2>
      <p>
        Every error carries <code>extensions.code</code> and a message that says what to change. No stack traces unless the server runs with <code>NODE_ENV=development</code>.
      </p>
      <table className="error-codes" aria-label="Error codes">
        <thead>
          <tr>
            <th scope="col">extensions.code</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {ERROR_CODES.map((e) => (
            <tr key={e.code}>
              <th scope="row">
                <code>{e.code}</code>
              </th>
              <td>{e.when}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
