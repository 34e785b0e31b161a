/** What the editor shows on a first visit (GraphiQL keeps the user's own tabs after that). */
export const DEFAULT_QUERY = `# Tastegraph's GraphQL API. Run with Ctrl-Enter (⌘-Enter on a Mac) or the ▶ button.
# The explorer (compass icon, left) builds a query by ticking fields; the docs (book icon)
# describe every type and field.
#
# Queries need no key. Mutations do: this page sends the same key as the web client — the one
# pasted under "API key" on the site, else the write key the server hands its own pages while
# it listens on loopback only. To use another key, put it in Headers (below):
#   { "Authorization": "Bearer tg_…" }

query RecommendationsForUser1 {
  recommendations(userId: "1", limit: 5) {
    item { id title year genres }
    score
    strategy
    reasons
  }
}
`;
