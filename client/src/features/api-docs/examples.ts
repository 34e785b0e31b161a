/** Copy-pasteable operations shown on the API page (kept in step with server/schema.graphql). */
export const EXAMPLES: { title: string; body: string; needsKey?: boolean }[] = [
  {
    title: 'Recommendations with reasons',
    body: `{
  recommendations(userId: "1", strategy: SVD, limit: 10) {
    item { id displayTitle year categories }
    score
    strategy
    reasons
  }
}`,
  },
  {
    title: 'Every strategy side by side',
    body: `{
  compareStrategies(userId: "1", limit: 5) {
    strategy
    recommendations { item { displayTitle } score }
  }
}`,
  },
  {
    title: 'An item, its rating distribution and similar items',
    body: `{
  item(id: "1") {
    displayTitle averageRating ratingCount
    ratingDistribution { rating count }
    similar(limit: 5) { displayTitle }
  }
}`,
  },
  {
    title: 'Add or update your own items (needs a write key)',
    needsKey: true,
    body: `mutation {
  upsertItems(inputs: [
    { id: "sku-1", title: "Trail runner", categories: ["Shoes", "Running"],
      publishedAt: "2024-05-01T00:00:00Z", attributes: { brand: "Acme" } }
  ]) { id displayTitle categories hidden }
}`,
  },
  {
    title: 'Create a user and rate an item (needs a write key)',
    needsKey: true,
    body: `mutation {
  createUser(input: { id: "alice" }) { id }
  rateItem(input: { userId: "alice", itemId: "1", rating: 4.5 }) { rating ratedAt }
}`,
  },
];
