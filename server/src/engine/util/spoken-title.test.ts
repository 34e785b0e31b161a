import { spokenTitle } from './spoken-title';

// every example is a real MovieLens title (ml-latest-small movies.csv, year removed as the importer does)
describe('spokenTitle', () => {
  it.each([
    ['Empire Strikes Back, The', 'The Empire Strikes Back'],
    ['Walk in the Clouds, A', 'A Walk in the Clouds'],
    ['American in Paris, An', 'An American in Paris'],
    ['Misérables, Les', 'Les Misérables'],
    ['Colonel Chabert, Le', 'Le Colonel Chabert'],
    ['Mariachi, El', 'El Mariachi'],
    ['Vitelloni, I (a.k.a. The Young and the Passionate)', 'I Vitelloni (a.k.a. The Young and the Passionate)'],
    ['Boot, Das (Boat, The)', 'Das Boot (The Boat)'],
  ])('moves the main title’s article to the front: %s', (catalogue, spoken) => {
    expect(spokenTitle(catalogue)).toBe(spoken);
  });

  it.each([
    ["Amelie (Fabuleux destin d'Amélie Poulain, Le)", "Amelie (Le Fabuleux destin d'Amélie Poulain)"],
    ['City of Lost Children, The (Cité des enfants perdus, La)', 'The City of Lost Children (La Cité des enfants perdus)'],
    ['Hate (Haine, La)', 'Hate (La Haine)'],
    ['Postman, The (Postino, Il)', 'The Postman (Il Postino)'],
    ['Wings of Desire (Himmel über Berlin, Der)', 'Wings of Desire (Der Himmel über Berlin)'],
    ['Tin Drum, The (Blechtrommel, Die)', 'The Tin Drum (Die Blechtrommel)'],
    ['Mondays in the Sun (Lunes al sol, Los)', 'Mondays in the Sun (Los Lunes al sol)'],
    ['Impossible, The (Imposible, Lo)', 'The Impossible (Lo Imposible)'],
    ['Seventh Seal, The (Sjunde inseglet, Det)', 'The Seventh Seal (Det Sjunde inseglet)'],
    ['Passion of Anna, The (Passion, En)', 'The Passion of Anna (En Passion)'],
    ['Green Butchers, The (Grønne slagtere, De)', 'The Green Butchers (De Grønne slagtere)'],
    ['Woman Is a Woman, A (femme est une femme, Une)', 'A Woman Is a Woman (Une femme est une femme)'],
    ['Special Day, A (Giornata particolare, Una)', 'A Special Day (Una Giornata particolare)'],
    ['Andalusian Dog, An (Chien andalou, Un)', 'An Andalusian Dog (Un Chien andalou)'],
    ['Children Are Watching Us, The (Bambini ci guardano, I)', 'The Children Are Watching Us (I Bambini ci guardano)'],
    ['Unforgettable Summer, An (Un été inoubliable)', 'An Unforgettable Summer (Un été inoubliable)'],
    ['Macbeth (a.k.a. Tragedy of Macbeth, The)', 'Macbeth (a.k.a. The Tragedy of Macbeth)'],
    ['His Secret Life (a.k.a. Ignorant Fairies, The) (Fate ignoranti, Le)', 'His Secret Life (a.k.a. The Ignorant Fairies) (Le Fate ignoranti)'],
  ])('and each alternative title’s: %s', (catalogue, spoken) => {
    expect(spokenTitle(catalogue)).toBe(spoken);
  });

  it('joins an elided article to its word', () => {
    expect(spokenTitle("Bear, The (Ours, L')")).toBe("The Bear (L'Ours)");
    expect(spokenTitle("Lady and the Duke, The (Anglaise et le duc, L')")).toBe("The Lady and the Duke (L'Anglaise et le duc)");
    expect(spokenTitle('Ours, L’')).toBe('L’Ours');
  });

  it('moves only the last comma’s article, keeping the commas inside the title', () => {
    expect(spokenTitle('Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il)')).toBe('The Good, the Bad and the Ugly (Il Buono, il brutto, il cattivo)');
    expect(spokenTitle('Wonderful, Horrible Life of Leni Riefenstahl, The (Macht der Bilder: Leni Riefenstahl, Die)')).toBe(
      'The Wonderful, Horrible Life of Leni Riefenstahl (Die Macht der Bilder: Leni Riefenstahl)',
    );
    expect(spokenTitle('Lord of the Rings: The Return of the King, The')).toBe('The Lord of the Rings: The Return of the King');
  });

  it.each([
    'Paris, Texas',
    'Monsters, Inc.',
    'Tinker, Tailor, Soldier, Spy',
    'One, Two, Three',
    "What's Up, Doc?",
    'I, Robot',
    'I, Tonya',
    'Kiss Me, Stupid',
    'Batman: The Dark Knight Returns, Part 1',
    'Crazy, Stupid, Love.',
    'Lust, Caution (Se, jie)',
    'Yesterday, Today and Tomorrow (Ieri, oggi, domani)',
    'Toy Story',
    'Babylon 5',
    'Hip Hop Witch, Da',
  ])('leaves a title that only contains a comma alone: %s', (title) => {
    expect(spokenTitle(title)).toBe(title);
  });

  it('moves a word that is also English (I, Die, En…) only when its comma is the only one', () => {
    expect(spokenTitle('Me, Myself, I')).toBe('Me, Myself, I');
    expect(spokenTitle('Live, Love, Die')).toBe('Live, Love, Die');
    expect(spokenTitle('Black Sabbath (Tre volti della paura, I)')).toBe('Black Sabbath (I Tre volti della paura)');
  });

  it('needs the exact article: lower case, a lone article or a missing space are not inverted titles', () => {
    expect(spokenTitle('Up, the')).toBe('Up, the');
    expect(spokenTitle(', The')).toBe(', The');
    expect(spokenTitle('The')).toBe('The');
    expect(spokenTitle('Matrix,The')).toBe('Matrix,The');
    expect(spokenTitle('')).toBe('');
  });

  it('keeps a year or any other parenthesis, and unbalanced parentheses, as they are', () => {
    expect(spokenTitle('Empire Strikes Back, The (1980)')).toBe('The Empire Strikes Back (1980)');
    expect(spokenTitle('Thing, The (Outer (Space), The)')).toBe('Thing, The (Outer (Space), The)');
    expect(spokenTitle('Odd (Title, The')).toBe('Odd (Title, The');
  });
});
