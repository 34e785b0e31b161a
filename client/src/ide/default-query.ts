/**
 * What the editor shows on a first visit (GraphiQL keeps the user's own tabs after that). Short
 * lines: with the explorer open, the editor is ~30 characters wide on a 1280-pixel screen.
 */
export const DEFAULT_QUERY = `# Tastegraph's GraphQL API
# Run: Ctrl-Enter or ▶
# Explorer (left): tick fields
# to build a query. Docs: in
# the sidebar.
#
# Mutations need a key. This
# page sends the web client's
# (pasted under "API key" on
# the site, else the server's
# own while on loopback).
# Another key? In Headers:
# {"Authorization":
#   "Bearer tg_…"}

query RecommendationsForUser1 {
  recommendations(
    userId: "1"
    limit: 5
  ) {
    item { displayTitle categories }
    score
    strategy
    reasons
  }
}
`;
