import { fireEvent, render, screen } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MemoryRouter } from 'react-router-dom';
import { ConfirmDialog } from './confirm-dialog';

function renderDialog(props: Partial<Parameters<typeof ConfirmDialog>[0]> = {}) {
  const onConfirm = jest.fn();
  const onCancel = jest.fn();
  render(
    <MemoryRouter>
      <button type="button">opener</button>
      <ConfirmDialog title="Delete user 42?" confirmLabel="Delete user" onConfirm={onConfirm} onCancel={onCancel} {...props}>
        <p>Everything about them goes.</p>
      </ConfirmDialog>
    </MemoryRouter>,
  );
  return { onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('is a labelled modal dialog that confirms only once the id is typed exactly', () => {
    const { onConfirm } = renderDialog({ typeToConfirm: '42' });
    const dialog = screen.getByRole('alertdialog', { name: 'Delete user 42?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('Everything about them goes.');
    const input = screen.getByLabelText('Type 42 to confirm');
    expect(input).toHaveFocus();
    const confirm = screen.getByRole('button', { name: 'Delete user' });
    expect(confirm).toBeDisabled();
    fireEvent.change(input, { target: { value: '4' } });
    fireEvent.submit(input);
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: ' 42 ' } });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('without text to type, starts on Cancel; Escape cancels', () => {
    const { onCancel, onConfirm } = renderDialog();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('keeps Tab inside the dialog', () => {
    renderDialog();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Delete user' });
    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(cancel).toHaveFocus();
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(confirm).toHaveFocus();
  });

  it('shows a failure in place and waits while busy', () => {
    const error = new CombinedGraphQLErrors({ errors: [new GraphQLError('No user has id "42".', { extensions: { code: 'NOT_FOUND' } })] });
    renderDialog({ busy: true, error });
    expect(screen.getByRole('alert')).toHaveTextContent('No user has id "42".');
    expect(screen.getByRole('button', { name: 'Working…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });
});
