import { coldStartReason, phraseReasons } from './reasons';

// stored titles as the MovieLens importer keeps them: catalogue order
const TITLES = ['Empire Strikes Back, The', 'Misérables, Les', 'Paris, Texas'];
const title = (i: number) => TITLES[i];

describe('phraseReasons', () => {
  it('says titles as people say them, not in catalogue order', () => {
    expect(
      phraseReasons(
        {
          kind: 'because-you-rated',
          items: [
            { item: 0, rating: 5, weight: 1 },
            { item: 1, rating: 4.5, weight: 1 },
          ],
        },
        title,
      ),
    ).toEqual(['Because you rated The Empire Strikes Back 5★ and Les Misérables 4.5★']);
    expect(phraseReasons({ kind: 'item-neighbours', items: [{ item: 1, rating: 4, weight: 1 }] }, title)).toEqual([
      'Because you liked Les Misérables',
      'People who liked Les Misérables also liked this',
    ]);
    expect(phraseReasons({ kind: 'similar-users', neighbours: 3, items: [{ item: 0, weight: 1 }] }, title)).toEqual([
      'Liked by 3 users with similar taste',
      'They also liked The Empire Strikes Back, like you',
    ]);
    expect(
      phraseReasons(
        {
          kind: 'latent-taste',
          items: [
            { item: 2, weight: 1 },
            { item: 0, weight: 1 },
          ],
        },
        title,
      ),
    ).toEqual(['Because you liked Paris, Texas and The Empire Strikes Back']);
  });

  it('speaks of any catalog: people who interacted, not who watched; a new item says it is new', () => {
    expect(phraseReasons({ kind: 'popular', interactions: 3, trending: true, averageRating: 4 }, title)).toEqual(['Popular with 3 people, average 4.0★', 'Trending lately']);
    expect(phraseReasons({ kind: 'popular', interactions: 1, trending: false }, title)).toEqual(['Popular with 1 person']);
    expect(phraseReasons({ kind: 'popular', interactions: 0, trending: false }, title)).toEqual(['New: nobody has interacted with it yet']);
    expect(coldStartReason(0, 5)).toBe('Cold start: popular with everyone (you have no interactions yet; 5 more for personal picks)');
    expect(coldStartReason(1, 5)).toBe('Cold start: popular with everyone (you have 1 interaction so far; 4 more for personal picks)');
  });
});
