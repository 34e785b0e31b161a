import { EXAMPLES } from './examples';

/** Where the API is, what to send, and how to get a key. */
export function ApiPage() {
  return (
    <div className="page prose">
      <h1>GraphQL API</h1>
      <p>
        Everything this site shows comes from one GraphQL endpoint: <a href="/graphql">/graphql</a>. Open it in the browser for
        an interactive IDE (Apollo Sandbox) with the schema, autocompletion and docs; POST to it from code.
      </p>
      <h2>Examples</h2>
      {EXAMPLES.map((e) => (
        <section key={e.title} className="card example">
          <h3>{e.title}</h3>
          <pre>
            <code>{e.body}</code>
          </pre>
        </section>
      ))}
      <h3>From the command line</h3>
      <pre>
        <code>{`curl -s http://127.0.0.1:4000/graphql \\
  -H 'content-type: application/json' \\
  -d '{"query":"{ recommendations(userId: \\"1\\") { item { title } reasons } }"}'`}</code>
      </pre>
      <h2 id="keys">API keys</h2>
      <p>
        Queries are open unless the server runs with <code>REQUIRE_KEY_FOR_READS=true</code>. Mutations need a key, sent as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>. Scopes: <code>write</code> (users, ratings, interactions) and{' '}
        <code>admin</code> (training, activating models, keys; includes write).
      </p>
      <ul>
        <li>
          The first start of the server prints an <strong>admin</strong> key once, in its log.
        </li>
        <li>
          Create more with <code>npm run key -- create --scope write --name NAME</code> (or <code>--scope admin</code>); the last
          line printed is the key. Revoke with <code>npm run key -- revoke NAME</code>.
        </li>
        <li>
          While the server listens on 127.0.0.1 only, it hands this web client a write key automatically. Otherwise paste a key
          under <em>API key</em> at the top of the page; it stays in this browser only.
        </li>
      </ul>
      <h2>Errors</h2>
      <p>
        Every error has <code>extensions.code</code>: <code>BAD_USER_INPUT</code>, <code>NOT_FOUND</code>,{' '}
        <code>UNAUTHENTICATED</code>, <code>FORBIDDEN</code>, <code>RATE_LIMITED</code> or <code>UNAVAILABLE</code>, with a
        message that says what to change.
      </p>
    </div>
  );
}
