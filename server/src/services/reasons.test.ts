import { phraseReasons } from './reasons';

// stored titles as the MovieLens importer keeps them: catalogue order
const TITLES = ['Empire Strikes Back, The', 'Misérables, Les', 'Paris, Texas'];
const title = (i: number) => TITLES[i];

describe('phraseReasons', () => {
  it('says titles as people say them, not in catalogue order', () => {
    expect(
      phraseReasons({ kind: 'because-you-rated', items: [{ item: 0, rating: 5, weight: 1 }, { item: 1, rating: 4.5, weight: 1 }] }, title),
    ).toEqual(['Because you rated The Empire Strikes Back 5★ and Les Misérables 4.5★']);
    expect(phraseReasons({ kind: 'item-neighbours', items: [{ item: 1, rating: 4, weight: 1 }] }, title)).toEqual([
      'Because you liked Les Misérables',
      'People who liked Les Misérables also liked this',
    ]);
    expect(phraseReasons({ kind: 'similar-users', neighbours: 3, items: [{ item: 0, weight: 1 }] }, title)).toEqual([
      'Liked by 3 users with similar taste',
      'They also liked The Empire Strikes Back, like you',
    ]);
    expect(phraseReasons({ kind: 'latent-taste', items: [{ item: 2, weight: 1 }, { item: 0, weight: 1 }] }, title)).toEqual([
      'Because you liked Paris, Texas and The Empire Strikes Back',
    ]);
  });
});
