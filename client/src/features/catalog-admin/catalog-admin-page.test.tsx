import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { MemoryRouter } from 'react-router-dom';
import { AdminItemsDocument, DeleteItemDocument, SetItemHiddenDocument, ViewerScopesDocument, type AdminItemFragment } from '../../gql/graphql';
import { CatalogAdminPage } from './catalog-admin-page';

const item = (id: string, title: string, displayTitle: string, hidden = false): AdminItemFragment & { __typename: 'Item' } => ({
  __typename: 'Item',
  id,
  title,
  displayTitle,
  categories: ['Sci-Fi'],
  description: null,
  publishedAt: '1980-01-01T00:00:00.000Z',
  year: 1980,
  hidden,
  attributes: null,
});

const ESB = item('1196', 'Empire Strikes Back, The', 'The Empire Strikes Back');
const ALIEN = item('1214', 'Alien', 'Alien');

const viewer = (scopes: string[]) => ({
  request: { query: ViewerScopesDocument },
  result: { data: { viewer: { __typename: 'Viewer', authenticated: scopes.length > 0, keyName: scopes.length ? 'web' : null, scopes } } },
});

const list = (items: AdminItemFragment[]) => ({
  request: { query: AdminItemsDocument, variables: { search: null, after: null } },
  result: {
    data: {
      items: {
        __typename: 'ItemConnection',
        totalCount: items.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        edges: items.map((node) => ({ __typename: 'ItemEdge', node })),
      },
    },
  },
});

function renderPage(mocks: MockedProviderProps['mocks']) {
  return render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter initialEntries={['/admin/catalog']}>
        <CatalogAdminPage />
      </MemoryRouter>
    </MockedProvider>,
  );
}

const row = (id: string) => screen.getAllByRole('row').find((r) => r.getAttribute('data-item-id') === id)!;

describe('CatalogAdminPage', () => {
  it('without a write key lists the items, says which key is needed, and offers no changes', async () => {
    renderPage([viewer(['read']), list([ESB, ALIEN])]);
    expect(await screen.findByRole('link', { name: 'The Empire Strikes Back' })).toHaveAttribute('href', '/items/1196');
    expect(await screen.findByTestId('needs-write-key')).toHaveTextContent('npm run key -- create --scope write');
    expect(screen.queryByRole('button', { name: 'Add an item' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete / })).not.toBeInTheDocument();
  });

  it('hides an item through upsertItems (id, stored title, hidden) and says what that means', async () => {
    renderPage([
      viewer(['read', 'write']),
      list([ESB, ALIEN]),
      {
        request: { query: SetItemHiddenDocument, variables: { id: '1196', title: 'Empire Strikes Back, The', hidden: true } },
        result: { data: { upsertItems: [{ ...ESB, hidden: true }] } },
      },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Hide The Empire Strikes Back' }));
    await waitFor(() => expect(screen.getByTestId('admin-outcome')).toHaveTextContent('The Empire Strikes Back is hidden: no list recommends it'));
    // the cache took the mutation's answer: the row says so and offers the way back
    expect(within(row('1196')).getByTestId('item-status')).toHaveTextContent('Hidden');
    expect(within(row('1196')).getByRole('button', { name: 'Show The Empire Strikes Back' })).toBeInTheDocument();
  });

  it('deletes only after confirmation, then lists without it', async () => {
    renderPage([
      viewer(['read', 'write']),
      list([ESB, ALIEN]),
      { request: { query: DeleteItemDocument, variables: { id: '1214' } }, result: { data: { deleteItem: '1214' } } },
      list([ESB]),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Alien' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete “Alien”?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(row('1214')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Delete Alien' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete item' }));
    await waitFor(() => expect(screen.getByTestId('admin-outcome')).toHaveTextContent('Deleted “Alien” (id 1214) and every interaction with it.'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Alien' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'The Empire Strikes Back' })).toBeInTheDocument();
  });

  it('keeps the dialog open with the server’s message when deleting fails', async () => {
    renderPage([
      viewer(['read', 'write']),
      list([ALIEN]),
      {
        request: { query: DeleteItemDocument, variables: { id: '1214' } },
        result: { errors: [new GraphQLError('This key has scopes read; deleteItem needs write.', { extensions: { code: 'FORBIDDEN' } })] },
      },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Alien' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete item' }));
    const alert = await within(screen.getByRole('alertdialog')).findByRole('alert');
    expect(alert).toHaveTextContent('Your API key is not allowed to do this.');
    expect(alert).toHaveTextContent('deleteItem needs write');
  });

  it('opens the form to add an item', async () => {
    renderPage([viewer(['read', 'write', 'admin']), list([])]);
    expect(await screen.findByText('No items yet.')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Add an item' }));
    expect(screen.getByRole('form', { name: 'Add an item' })).toBeInTheDocument();
    expect(screen.getByLabelText('ID')).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});
