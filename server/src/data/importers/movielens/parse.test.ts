import { mlLatestSmallDir } from '../../../paths';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MovieLensFormatError, readMovieLens, type MovieLensData } from './parse';
import { hundredKFiles, latestFiles, oneMFiles, writeFixture, type FixtureFiles } from './fixtures';

const dirs: string[] = [];
const fixture = (files: FixtureFiles): string => {
  const dir = writeFixture(files);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const movie = (data: MovieLensData, id: string) => data.movies.find((m) => m.id === id);
const ratingRows = (data: MovieLensData) =>
  Array.from({ length: data.ratings.count }, (_, k) => [data.ratings.users[k], data.ratings.items[k], data.ratings.values[k], data.ratings.timestamps[k]]);

/** Expects readMovieLens to reject with a MovieLensFormatError for that file, line and reason. */
async function expectFormatError(dir: string, file: string, line: number, reason: RegExp): Promise<MovieLensFormatError> {
  const err = await readMovieLens(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MovieLensFormatError);
  const e = err as MovieLensFormatError;
  expect({ file: e.file, line: e.line }).toEqual({ file: join(dir, file), line });
  expect(e.reason).toMatch(reason);
  expect(e.message).toBe(`${file} line ${line}: ${e.reason}`);
  return e;
}

describe('readMovieLens: ml-latest layout (CSV)', () => {
  it('reads quoted titles, years, genres and ratings from CRLF files', async () => {
    const data = await readMovieLens(fixture(latestFiles()));
    expect(data.layout).toBe('latest');
    expect(data.movies).toHaveLength(4);
    expect(movie(data, '11')).toEqual({ id: '11', title: 'American President, The', year: 1995, genres: ['Comedy', 'Drama', 'Romance'] });
    expect(movie(data, '20')).toEqual({ id: '20', title: 'Say "Cheese", Please', year: 2001, genres: ['Comedy'] });
    expect(movie(data, '40697')).toEqual({ id: '40697', title: 'Babylon 5', year: null, genres: [] });
    expect(data.ratings.count).toBe(6);
    expect(data.ratings.users).toBeInstanceOf(Uint32Array);
    expect(ratingRows(data)).toEqual([
      [1, 1, 4, 964982703],
      [1, 11, 3.5, 964981247],
      [2, 1, 0.5, 1445714994],
      [2, 20, 5, 1445714996],
      [3, 40697, 2, 1500000000],
      [3, 11, 4.5, 1500000100],
    ]);
  });

  it('reports progress over the ratings file, ending at its full size', async () => {
    const calls: [number, number][] = [];
    await readMovieLens(fixture(latestFiles()), { onProgress: (done, total) => calls.push([done, total]) });
    const size = Buffer.byteLength(latestFiles()['ratings.csv']);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[calls.length - 1]).toEqual([size, size]);
  });

  it('names file, line and reason for each kind of malformed line', async () => {
    const base = latestFiles();
    const withRating = (line: string) => ({ ...base, 'ratings.csv': base['ratings.csv'] + line + '\n' });
    // the appended line is line 8 (header + 6 ratings)
    await expectFormatError(fixture(withRating('4,1,abc,964982703')), 'ratings.csv', 8, /^rating "abc" is not a number$/);
    await expectFormatError(fixture(withRating('4,1,5.5,964982703')), 'ratings.csv', 8, /rating 5\.5 is outside 0\.5–5/);
    await expectFormatError(fixture(withRating('4,1,0,964982703')), 'ratings.csv', 8, /outside 0\.5–5/);
    await expectFormatError(fixture(withRating('4,1,4.0')), 'ratings.csv', 8, /expected 4 fields .*found 3/);
    await expectFormatError(fixture(withRating('x4,1,4.0,964982703')), 'ratings.csv', 8, /user id "x4" is not a whole number/);
    await expectFormatError(fixture(withRating('4,-1,4.0,964982703')), 'ratings.csv', 8, /movie id "-1" is not a whole number/);
    await expectFormatError(fixture(withRating('4,1,4.0,yesterday')), 'ratings.csv', 8, /timestamp "yesterday"/);
    await expectFormatError(fixture(withRating('4,999,4.0,964982703')), 'ratings.csv', 8, /movie id 999 is not in movies\.csv/);
    await expectFormatError(fixture({ ...base, 'ratings.csv': 'user,movie,rating,time\n' }), 'ratings.csv', 1, /header/);
    await expectFormatError(fixture({ ...base, 'movies.csv': base['movies.csv'] + '11,Another (1999),Drama\r\n' }), 'movies.csv', 6, /^duplicate movie id 11 \(first on line 3\)$/);
    await expectFormatError(fixture({ ...base, 'movies.csv': base['movies.csv'] + '12,"Unclosed (1999),Drama\r\n' }), 'movies.csv', 6, /quoted field is never closed/);
    await expectFormatError(fixture({ ...base, 'movies.csv': base['movies.csv'] + 'abc,Title (1999),Drama\r\n' }), 'movies.csv', 6, /movie id "abc"/);
    await expectFormatError(fixture({ ...base, 'movies.csv': base['movies.csv'] + '12,Title (1999)\r\n' }), 'movies.csv', 6, /expected 3 fields.*found 2/);
  });
});

describe('readMovieLens: ml-1m layout (::)', () => {
  it('reads latin-1 titles and genre lists', async () => {
    const data = await readMovieLens(fixture(oneMFiles()));
    expect(data.layout).toBe('1m');
    expect(movie(data, '73')).toEqual({ id: '73', title: 'Misérables, Les', year: 1995, genres: ['Drama', 'War'] });
    expect(movie(data, '40')).toMatchObject({ title: 'Babylon 5', year: null });
    expect(ratingRows(data)[1]).toEqual([1, 73, 3, 978302109]);
    expect(data.ratings.count).toBe(6);
  });

  it('reads UTF-8 movie files too (ml-10m)', async () => {
    const files = oneMFiles();
    const data = await readMovieLens(fixture({ ...files, 'movies.dat': files['movies.dat'].toString('latin1') }));
    expect(movie(data, '73')?.title).toBe('Misérables, Les');
  });

  it('rejects a wrong field count with the line number', async () => {
    const files = oneMFiles();
    await expectFormatError(fixture({ ...files, 'ratings.dat': files['ratings.dat'] + '4::1::5\n' }), 'ratings.dat', 7, /expected 4 fields/);
  });
});

describe('readMovieLens: ml-100k layout (u.data + u.item)', () => {
  it('reads tab-separated ratings, latin-1 u.item and genre flags', async () => {
    const data = await readMovieLens(fixture(hundredKFiles()));
    expect(data.layout).toBe('100k');
    expect(movie(data, '1')).toEqual({ id: '1', title: 'Toy Story', year: 1995, genres: ['Animation', "Children's", 'Comedy'] });
    expect(movie(data, '2')).toEqual({ id: '2', title: 'Misérables, Les', year: 1995, genres: ['Drama', 'Western'] });
    // "unknown" genre means none, and "unknown" as a title has no year
    expect(movie(data, '267')).toEqual({ id: '267', title: 'unknown', year: null, genres: [] });
    expect(ratingRows(data)[0]).toEqual([196, 1, 3, 881250949]);
    expect(data.ratings.count).toBe(6);
  });

  it('rejects bad genre flags and ratings for unknown items', async () => {
    const files = hundredKFiles();
    const badFlag = files['u.item'].toString('latin1').replace('3|Four Rooms (1995)|01-Jan-1995||http://example/|0', '3|Four Rooms (1995)|01-Jan-1995||http://example/|x');
    await expectFormatError(fixture({ ...files, 'u.item': Buffer.from(badFlag, 'latin1') }), 'u.item', 3, /genre flag unknown is "x"/);
    await expectFormatError(fixture({ ...files, 'u.data': files['u.data'] + '22\t5\t3\t880606923\n' }), 'u.data', 7, /movie id 5 is not in u\.item/);
  });
});

describe('readMovieLens: folder detection', () => {
  it('says which files each layout needs when none are there', async () => {
    const empty = fixture({ 'README.txt': 'nothing' });
    await expect(readMovieLens(empty)).rejects.toThrow(/ratings\.csv \+ movies\.csv.*ratings\.dat \+ movies\.dat.*u\.data \+ u\.item/);
  });

  it('says which file is missing from a half-present layout', async () => {
    const { 'ratings.csv': ratings } = latestFiles();
    await expect(readMovieLens(fixture({ 'ratings.csv': ratings }))).rejects.toThrow(/has ratings\.csv but no movies\.csv/);
  });

  it('looks into the single folder an unzipped archive leaves', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'movielens-outer-'));
    dirs.push(outer);
    const inner = fixture(latestFiles());
    renameSync(inner, join(outer, 'ml-latest-small'));
    const data = await readMovieLens(outer);
    expect(data.ratings.count).toBe(6);
  });

  it('rejects a folder that does not exist', async () => {
    await expect(readMovieLens('/nonexistent/movielens')).rejects.toThrow(/does not exist/);
  });
});

const ML_LATEST_SMALL = mlLatestSmallDir();
const hasMlLatestSmall = existsSync(join(ML_LATEST_SMALL, 'ratings.csv'));
if (!hasMlLatestSmall) console.warn(`skipping ml-latest-small parser test: ${ML_LATEST_SMALL} is absent`);
const describeWithDataset = hasMlLatestSmall ? describe : describe.skip;

describeWithDataset('readMovieLens: ml-latest-small', () => {
  it('reads every rating, user and movie', async () => {
    const data = await readMovieLens(ML_LATEST_SMALL);
    expect(data.layout).toBe('latest');
    expect(data.ratings.count).toBe(100_836);
    expect(new Set(data.ratings.users).size).toBe(610);
    expect(data.movies).toHaveLength(9_742);
    expect(movie(data, '29')?.title).toBe('City of Lost Children, The (Cité des enfants perdus, La)');
  });
});
