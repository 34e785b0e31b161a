import { graphql } from '../../gql';

/** Everything the admin page shows of an item and the form edits: one fragment, so a save updates the row in the cache. */
export const AdminItemFields = graphql(`
  fragment AdminItem on Item {
    id
    title
    displayTitle
    categories
    description
    publishedAt
    year
    hidden
    attributes
  }
`);

export const UpsertItem = graphql(`
  mutation UpsertItem($input: ItemInput!) {
    upsertItems(inputs: [$input]) {
      ...AdminItem
    }
  }
`);

export const DeleteItem = graphql(`
  mutation DeleteItem($id: ID!) {
    deleteItem(id: $id)
  }
`);

/** asked before adding: upsertItems would silently replace an item that already has the id */
export const ItemIdTaken = graphql(`
  query ItemIdTaken($id: ID!) {
    item(id: $id) {
      id
      displayTitle
    }
  }
`);
