import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { MemoryRouter } from 'react-router-dom';
import { CreateUserDocument } from '../../gql/graphql';
import { CreateUserForm } from './create-user-form';

const request = (id: string) => ({ query: CreateUserDocument, variables: { input: { id } } });

function renderForm(mocks: ConstructorParameters<typeof MockedProvider>[0]['mocks'], onCreated = jest.fn()) {
  render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter>
        <CreateUserForm initial="alice" onCreated={onCreated} />
      </MemoryRouter>
    </MockedProvider>,
  );
  return onCreated;
}

describe('CreateUserForm', () => {
  it('creates the user under the chosen id (trimmed) and reports it', async () => {
    const onCreated = renderForm([{ request: request('bob'), result: { data: { createUser: { __typename: 'User', id: 'bob', ratingCount: 0 } } } }]);
    fireEvent.change(screen.getByLabelText('Choose a user ID'), { target: { value: ' bob ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('bob'));
  });

  it('shows the server’s message for a taken id and offers to continue with it', async () => {
    const onCreated = renderForm([
      {
        request: request('alice'),
        result: {
          errors: [new GraphQLError('A user with id "alice" already exists; pick another id or use it as it is.', { extensions: { code: 'BAD_USER_INPUT', field: 'id' } })],
        },
      },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A user with id "alice" already exists');
    expect(screen.getByRole('link', { name: 'Continue with the existing user alice' })).toHaveAttribute('href', '/new-user?user=alice');
    expect(onCreated).not.toHaveBeenCalled();
  });
});
