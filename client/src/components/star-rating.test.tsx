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

describe('StarRating keyboard use', () => {
  it('is one tab stop; arrow keys, Home and End move between the half steps', () => {
    const onRate = jest.fn();
    render(<StarRating label="Heat" onRate={onRate} />);
    const buttons = screen.getAllByRole('button');
    expect(buttons.filter((b) => b.tabIndex === 0).map((b) => b.getAttribute('aria-label'))).toEqual(['3 stars']);
    buttons[5].focus();
    fireEvent.keyDown(buttons[5], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '3.5 stars' }));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '5 stars' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '5 stars' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '0.5 stars' }));
    expect(screen.getAllByRole('button').filter((b) => b.tabIndex === 0)).toHaveLength(1);
    expect(onRate).not.toHaveBeenCalled();
  });
});
