import { useQuery } from '@apollo/client/react';
import { MockedProvider, type MockedProviderProps } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SERVER_STRATEGIES, strategiesMock } from '../../../test/strategies-mock';
import { DeleteUserDocument, UserIdSuggestionsDocument, UserToDeleteDocument, ViewerScopesDocument } from '../../gql/graphql';
import { RecommendPage } from '../recommendations/recommend-page';
import { DeleteUserSection } from './delete-user';

const viewer = (scopes: string[]) => ({
  request: { query: ViewerScopesDocument },
  result: { data: { viewer: { __typename: 'Viewer', authenticated: true, keyName: 'web', scopes } } },
});
const existing = {
  request: { query: UserToDeleteDocument, variables: { id: '42' } },
  result: { data: { user: { __typename: 'User', id: '42', interactionCount: 17 } } },
};

/** the section on a user page; after a deletion the Recommend page (no user) takes over */
function renderSection(mocks: MockedProviderProps['mocks'], beside?: ReactNode) {
  return render(
    <MockedProvider
      mocks={[
        ...(mocks ?? []),
        strategiesMock(SERVER_STRATEGIES),
        { request: { query: UserIdSuggestionsDocument, variables: { prefix: '' } }, result: { data: { userIds: [] } }, maxUsageCount: 9 },
      ]}
    >
      <MemoryRouter initialEntries={['/user-page']}>
        {beside}
        <Routes>
          <Route path="/user-page" element={<DeleteUserSection userId="42" />} />
          <Route path="/" element={<RecommendPage />} />
        </Routes>
      </MemoryRouter>
    </MockedProvider>,
  );
}

/** the section's own query, asked beside it: says when the server's answer has arrived */
function AnswerProbe() {
  const { loading } = useQuery(UserToDeleteDocument, { variables: { id: '42' }, errorPolicy: 'all' });
  return loading ? null : <p>answered</p>;
}

describe('DeleteUserSection', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('deletes only once the id is typed, then leaves the user and says what happened', async () => {
    window.sessionStorage.setItem('tastegraph.userId', '42');
    renderSection([viewer(['read', 'write']), existing, { request: { query: DeleteUserDocument, variables: { id: '42' } }, result: { data: { deleteUser: '42' } } }]);
    expect(await screen.findByText(/their 17 interactions and cached lists go at once/)).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete user 42…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete user 42?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete this user' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('Type 42 to confirm'), { target: { value: '42' } });
    fireEvent.click(confirm);
    expect(await screen.findByTestId('deleted-user-notice')).toHaveTextContent('User 42 was deleted, with every interaction and cached list of theirs');
    expect(screen.getByRole('heading', { level: 1, name: 'Recommendations' })).toBeInTheDocument();
    // the tab no longer brings the deleted user back
    expect(window.sessionStorage.getItem('tastegraph.userId')).toBeNull();
  });

  it('keeps the dialog open with the server’s reason when the deletion fails', async () => {
    renderSection([
      viewer(['read', 'write']),
      existing,
      { request: { query: DeleteUserDocument, variables: { id: '42' } }, result: { errors: [new GraphQLError('No user has id "42".', { extensions: { code: 'NOT_FOUND' } })] } },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete user 42…' }));
    fireEvent.change(screen.getByLabelText('Type 42 to confirm'), { target: { value: '42' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete this user' }));
    expect(await within(screen.getByRole('alertdialog')).findByRole('alert')).toHaveTextContent('No user has id "42".');
  });

  it('without a write key says which key it needs and offers no button', async () => {
    renderSection([viewer(['read']), existing]);
    expect(await screen.findByText(/Deleting needs a/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete user/ })).not.toBeInTheDocument();
  });

  it('shows nothing for an unknown user (the page already says so)', async () => {
    renderSection(
      [
        viewer(['read', 'write']),
        {
          request: { query: UserToDeleteDocument, variables: { id: '42' } },
          result: { errors: [new GraphQLError('No user has id "42".', { extensions: { code: 'NOT_FOUND' } })] },
          maxUsageCount: 2,
        },
      ],
      <AnswerProbe />,
    );
    await screen.findByText('answered');
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Delete this user' })).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Delete user/ })).not.toBeInTheDocument();
  });
});
