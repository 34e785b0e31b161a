import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { MemoryRouter } from 'react-router-dom';
import { ItemIdTakenDocument, UpsertItemDocument, type AdminItemFragment } from '../../gql/graphql';
import { ItemForm } from './item-form';

const saved = (over: Partial<AdminItemFragment> = {}): AdminItemFragment & { __typename: 'Item' } => ({
  __typename: 'Item',
  id: 'sku-1',
  title: 'Trail runner',
  displayTitle: 'Trail runner',
  categories: ['Shoes', 'Running'],
  description: null,
  publishedAt: '2024-05-01T00:00:00.000Z',
  year: 2024,
  hidden: false,
  attributes: { brand: 'Acme' },
  ...over,
});

const input = {
  id: 'sku-1',
  title: 'Trail runner',
  categories: ['Shoes', 'Running'],
  description: null,
  publishedAt: '2024-05-01T00:00:00.000Z',
  hidden: false,
  attributes: { brand: 'Acme' },
};

const notTaken = {
  request: { query: ItemIdTakenDocument, variables: { id: 'sku-1' } },
  result: { errors: [new GraphQLError('No item has id "sku-1".', { extensions: { code: 'NOT_FOUND' } })] },
};

function renderForm(mocks: MockedProviderProps['mocks'], item?: AdminItemFragment) {
  const onSaved = jest.fn();
  const onCancel = jest.fn();
  render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter>
        <ItemForm item={item} onSaved={onSaved} onCancel={onCancel} />
      </MemoryRouter>
    </MockedProvider>,
  );
  return { onSaved, onCancel };
}

const fill = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillNewItem() {
  fill('ID', 'sku-1');
  fill('Title', 'Trail runner');
  fill('Categories', 'Shoes, Running');
  fill('Published', '2024-05-01');
  fill('Attributes (JSON)', '{"brand": "Acme"}');
}

describe('ItemForm', () => {
  it('says what to fix before sending anything, and puts the cursor on the first field to fix', async () => {
    const { onSaved } = renderForm([]);
    fill('Attributes (JSON)', '["not", "an object"]');
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    expect(await screen.findByText(/Give the item an id/)).toBeInTheDocument();
    expect(screen.getByText('Give the item a title.')).toBeInTheDocument();
    expect(screen.getByText(/Attributes must be a JSON object/)).toBeInTheDocument();
    expect(screen.getByLabelText('ID')).toHaveFocus();
    expect(screen.getByLabelText('ID')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Attributes (JSON)')).toHaveAccessibleDescription(/must be a JSON object/);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('adds a new item: checks the id is free, then upserts every field', async () => {
    const { onSaved } = renderForm([notTaken, { request: { query: UpsertItemDocument, variables: { input } }, result: { data: { upsertItems: [saved()] } } }]);
    fillNewItem();
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'sku-1', displayTitle: 'Trail runner' }), true));
  });

  it('refuses an id that is taken rather than replacing that item', async () => {
    const { onSaved } = renderForm([
      {
        request: { query: ItemIdTakenDocument, variables: { id: 'sku-1' } },
        result: { data: { item: { __typename: 'Item', id: 'sku-1', displayTitle: 'The Old Runner' } } },
      },
    ]);
    fillNewItem();
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    expect(await screen.findByText(/An item with id “sku-1” already exists \(The Old Runner\)/)).toBeInTheDocument();
    expect(screen.getByLabelText('ID')).toHaveFocus();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows the server’s message when it refuses the item', async () => {
    const { onSaved } = renderForm([
      notTaken,
      {
        request: { query: UpsertItemDocument, variables: { input } },
        result: { errors: [new GraphQLError('inputs[0].categories[1]: "Running|Trail" contains "|"', { extensions: { code: 'BAD_USER_INPUT' } })] },
      },
    ]);
    fillNewItem();
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That input was not accepted.');
    expect(alert).toHaveTextContent('inputs[0].categories[1]: "Running|Trail" contains "|"');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('edits an item in place: the id stays, the stored title is what is edited', async () => {
    const item = saved({
      title: 'Empire Strikes Back, The',
      displayTitle: 'The Empire Strikes Back',
      categories: ['Sci-Fi'],
      publishedAt: '1980-01-01T00:00:00.000Z',
      year: 1980,
      attributes: null,
    });
    const edited = {
      id: 'sku-1',
      title: 'Empire Strikes Back, The',
      categories: ['Sci-Fi'],
      description: 'Episode V',
      publishedAt: '1980-01-01T00:00:00.000Z',
      hidden: true,
      attributes: null,
    };
    const { onSaved } = renderForm(
      [{ request: { query: UpsertItemDocument, variables: { input: edited } }, result: { data: { upsertItems: [{ ...item, description: 'Episode V', hidden: true }] } } }],
      item,
    );
    expect(screen.getByRole('heading', { name: 'Edit “The Empire Strikes Back”' })).toBeInTheDocument();
    expect(screen.getByLabelText('ID')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Title')).toHaveFocus();
    expect(screen.getByLabelText('Title')).toHaveValue('Empire Strikes Back, The');
    expect(screen.getByLabelText('Published')).toHaveValue('1980-01-01');
    fill('Description', 'Episode V');
    fireEvent.click(screen.getByLabelText('Hidden'));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ hidden: true, description: 'Episode V' }), false));
  });
});
