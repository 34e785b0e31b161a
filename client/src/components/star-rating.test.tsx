import { fireEvent, render, screen } from '@testing-library/react';
import { StarRating } from './star-rating';

describe('StarRating', () => {
  it('offers ten half-step buttons and reports the chosen value', () => {
    const onRate = jest.fn();
    render(<StarRating label="Alien" onRate={onRate} />);
    const group = screen.getByRole('group', { name: 'Rate Alien' });
    expect(group.querySelectorAll('button')).toHaveLength(10);
    fireEvent.click(screen.getByRole('button', { name: '3.5 stars' }));
    expect(onRate).toHaveBeenCalledWith(3.5);
  });

  it('is display-only without onRate, lighting half stars up to the value', () => {
    render(<StarRating label="Alien" value={2.5} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    const img = screen.getByRole('img', { name: '2.5 stars' });
    expect(img.querySelectorAll('.on')).toHaveLength(5);
  });
});
