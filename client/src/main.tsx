import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Tastegraph</h1>
      <p>
        The GraphQL API is at <a href="/graphql">/graphql</a>.
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
