import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { RateItemDocument, RecommendationsDocument } from '../../gql/graphql';
import { RecommendationList } from './recommendation-list';

const rec = (id: string, title: string, reason: string) => ({
  __typename: 'Recommendation' as const,
  score: 4.2,
  strategy: 'SVD' as const,
  reasons: [reason],
  item: { __typename: 'Item' as const, id, displayTitle: title, year: 1999, categories: ['Drama'], averageRating: 4.1, ratingCount: 12 },
});

const variables = { userId: '7', strategy: 'SVD' as const, limit: 10 };

function renderList(mocks: MockedProviderProps['mocks']) {
  return render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter>
        <RecommendationList userId="7" strategy="SVD" />
      </MemoryRouter>
    </MockedProvider>,
  );
}

describe('RecommendationList', () => {
  it('shows a loading state, then titles with strategy and reasons', async () => {
    renderList([
      {
        request: { query: RecommendationsDocument, variables },
        result: { data: { recommendations: [rec('1', 'Alien', 'Because you rated Aliens 5★'), rec('2', 'Heat', 'Liked by 3 users')] } },
      },
    ]);
    expect(screen.getByText('Loading recommendations…')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Recommendations' });
    expect(
      within(list)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['Alien (1999)', 'Heat (1999)']);
    expect(screen.getByText('Because you rated Aliens 5★')).toBeInTheDocument();
    expect(within(list).getAllByText('SVD')).toHaveLength(2);
  });

  it('explains an unknown user and links to creating it', async () => {
    renderList([
      {
        request: { query: RecommendationsDocument, variables },
        result: { errors: [new GraphQLError('No user has id "7".', { extensions: { code: 'NOT_FOUND' } })] },
      },
    ]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No user has the id 7 yet.');
    expect(within(alert).getByRole('link', { name: 'Create user 7' })).toHaveAttribute('href', '/new-user?id=7');
  });

  it('drops a rated item at once and shows the refetched list', async () => {
    renderList([
      {
        request: { query: RecommendationsDocument, variables },
        result: { data: { recommendations: [rec('1', 'Alien', 'r1'), rec('2', 'Heat', 'r2')] } },
      },
      {
        request: { query: RateItemDocument, variables: { input: { userId: '7', itemId: '1', rating: 4 } } },
        result: {
          data: {
            rateItem: {
              __typename: 'Rating',
              rating: 4,
              ratedAt: '2026-01-01T00:00:00Z',
              item: { __typename: 'Item', id: '1', ratingCount: 13, averageRating: 4.1 },
            },
          },
        },
      },
      {
        request: { query: RecommendationsDocument, variables },
        result: { data: { recommendations: [rec('2', 'Heat', 'r2'), rec('3', 'Ran', 'r3')] } },
      },
    ]);
    const group = await screen.findByRole('group', { name: 'Rate Alien' });
    fireEvent.click(within(group).getByRole('button', { name: '4 stars' }));
    expect(screen.queryByText('Alien')).not.toBeInTheDocument();
    expect(await screen.findByText('Ran')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(/You rated 1 item here/)).toBeInTheDocument());
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Heat (1999)', 'Ran (1999)']);
  });

  it('says plainly when rating needs a key, and keeps the item', async () => {
    renderList([
      {
        request: { query: RecommendationsDocument, variables },
        result: { data: { recommendations: [rec('1', 'Alien', 'r1')] } },
      },
      {
        request: { query: RateItemDocument, variables: { input: { userId: '7', itemId: '1', rating: 2.5 } } },
        result: { errors: [new GraphQLError('needs a key', { extensions: { code: 'UNAUTHENTICATED' } })] },
      },
    ]);
    const group = await screen.findByRole('group', { name: 'Rate Alien' });
    fireEvent.click(within(group).getByRole('button', { name: '2.5 stars' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This action needs an API key.');
    expect(alert).toHaveTextContent('npm run key -- create --scope write');
    expect(screen.getByText('Alien')).toBeInTheDocument();
  });
});
