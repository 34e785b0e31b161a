import { DEMO_GENRES, DEMO_MOVIES } from './movies';

describe('DEMO_MOVIES (the demo catalog)', () => {
  it('holds at least 420 movies', () => {
    expect(DEMO_MOVIES.length).toBeGreaterThanOrEqual(420);
  });

  it('has no duplicate (title, year)', () => {
    const keys = DEMO_MOVIES.map((m) => `${m.title} (${m.year})`);
    const dups = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dups).toEqual([]);
  });

  it('uses only the genre vocabulary, each movie at least one genre, none twice', () => {
    const vocabulary = new Set<string>(DEMO_GENRES);
    for (const m of DEMO_MOVIES) {
      expect(m.genres.length).toBeGreaterThan(0);
      expect(new Set(m.genres).size).toBe(m.genres.length);
      for (const g of m.genres) if (!vocabulary.has(g)) throw new Error(`${m.title}: unknown genre ${g}`);
    }
  });

  it('has plausible titles and release years, oldest first (ids follow list order)', () => {
    let previous = 0;
    for (const m of DEMO_MOVIES) {
      expect(m.title.trim()).toBe(m.title);
      expect(m.title.length).toBeGreaterThan(0);
      expect(Number.isInteger(m.year)).toBe(true);
      expect(m.year).toBeGreaterThanOrEqual(1930);
      expect(m.year).toBeLessThanOrEqual(2024);
      expect(m.year).toBeGreaterThanOrEqual(previous);
      previous = m.year;
    }
  });

  it('spreads over every decade 1930s–2020s and uses every genre at least 20 times', () => {
    const decades = new Map<number, number>();
    const genres = new Map<string, number>();
    for (const m of DEMO_MOVIES) {
      const d = Math.floor(m.year / 10) * 10;
      decades.set(d, (decades.get(d) ?? 0) + 1);
      for (const g of m.genres) genres.set(g, (genres.get(g) ?? 0) + 1);
    }
    for (let d = 1930; d <= 2020; d += 10) expect(decades.get(d) ?? 0).toBeGreaterThanOrEqual(20);
    for (const g of DEMO_GENRES) expect(genres.get(g) ?? 0).toBeGreaterThanOrEqual(20);
  });

  it('contains well-known anchors with their release years', () => {
    const has = (title: string, year: number) => DEMO_MOVIES.some((m) => m.title === title && m.year === year);
    expect(has('The Matrix', 1999)).toBe(true);
    expect(has('The Matrix Reloaded', 2003)).toBe(true);
    expect(has('Alien', 1979)).toBe(true);
    expect(has('Toy Story', 1995)).toBe(true);
    expect(has('Casablanca', 1942)).toBe(true);
  });
});
