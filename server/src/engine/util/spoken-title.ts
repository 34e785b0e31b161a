/**
 * Titles as people say them. Catalogues (MovieLens, libraries) file a title under its first
 * significant word by moving the leading article to the end: "Empire Strikes Back, The",
 * "Misérables, Les", "Amelie (Fabuleux destin d'Amélie Poulain, Le)". `spokenTitle` moves such an
 * article back to the front of the main title and of each parenthesised alternative title, and
 * leaves everything else as it was: a comma followed by anything that is not exactly an article
 * ("Paris, Texas", "Monsters, Inc.", "Tinker, Tailor, Soldier, Spy") is an ordinary comma.
 */

/** leading articles as catalogues invert them: English, French, Spanish, Italian, Portuguese, German, Dutch, Scandinavian */
const ARTICLES = new Set([
  'The',
  'A',
  'An',
  'Le',
  'La',
  'Les',
  "L'",
  'L’',
  'Un',
  'Une',
  'El',
  'Los',
  'Las',
  'Lo',
  'Una',
  'Il',
  'I',
  'Gli',
  'Uno',
  'O',
  'Os',
  'As',
  'Um',
  'Uma',
  'Der',
  'Die',
  'Das',
  'Ein',
  'Eine',
  'De',
  'Het',
  'Een',
  'Den',
  'Det',
  'En',
  'Ett',
]);

/**
 * Articles that are also ordinary words at the end of an English list ("Me, Myself, I", "Live, Love,
 * Die"): moved only when theirs is the segment's only comma, the shape of "Vitelloni, I".
 */
const AMBIGUOUS = new Set(['I', 'O', 'As', 'Die', 'En', 'De', 'Den']);

/** "Rest, Article" — the article must be the whole of what follows the segment's last comma */
const INVERTED = /^(.*[^\s,]),\s+(\S+)$/su;

/** one stretch of title text (a main title or the inside of a parenthesis) */
function speakSegment(segment: string): string {
  const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/su.exec(segment) ?? [];
  const m = INVERTED.exec(core);
  if (!m || /[()]/.test(core)) return segment;
  const [, rest, article] = m;
  if (!ARTICLES.has(article)) return segment;
  if (AMBIGUOUS.has(article) && rest.includes(',')) return segment;
  // elided articles join the word: "Ours, L'" is "L'Ours"
  const joined = article.endsWith("'") || article.endsWith('’') ? `${article}${rest}` : `${article} ${rest}`;
  return `${lead}${joined}${trail}`;
}

/** the inside of a parenthesis: an alternative title, possibly introduced by "a.k.a." */
function speakGroup(inner: string): string {
  const aka = /^(\s*(?:a\.k\.a\.|aka)\s+)(.*)$/isu.exec(inner);
  return aka ? `${aka[1]}${speakSegment(aka[2])}` : speakSegment(inner);
}

/** The title with catalogue-order articles put back in front; any other title unchanged. */
export function spokenTitle(title: string): string {
  // top-level parenthesised groups apart from the text around them; nested parentheses stay as they are
  return title
    .split(/(\([^()]*\))/u)
    .map((part) => (part.startsWith('(') && part.endsWith(')') ? `(${speakGroup(part.slice(1, -1))})` : speakSegment(part)))
    .join('');
}
