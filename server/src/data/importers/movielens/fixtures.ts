/**
 * Tiny MovieLens folders of each layout, written into a fresh temp dir, for the parser's unit
 * tests and the DB import tests. Each holds 4 movies, 3 users and 6 ratings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FixtureFiles = Record<string, string | Buffer>;

export function writeFixture(files: FixtureFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'movielens-fixture-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** ml-latest: quoted title with a comma and doubled quotes, a title without a year, CRLF line ends. */
export function latestFiles(): { 'movies.csv': string; 'ratings.csv': string } {
  const movies =
    [
      'movieId,title,genres',
      '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
      '11,"American President, The (1995)",Comedy|Drama|Romance',
      '20,"Say ""Cheese"", Please (2001) ",Comedy',
      '40697,Babylon 5,(no genres listed)',
    ].join('\r\n') + '\r\n';
  const ratings =
    ['userId,movieId,rating,timestamp', '1,1,4.0,964982703', '1,11,3.5,964981247', '2,1,0.5,1445714994', '2,20,5.0,1445714996', '3,40697,2,1500000000', '3,11,4.5,1500000100'].join(
      '\r\n',
    ) + '\r\n';
  return { 'movies.csv': movies, 'ratings.csv': ratings };
}

/** ml-1m: '::' separated, latin-1 encoded (Misérables). */
export function oneMFiles(): { 'movies.dat': Buffer; 'ratings.dat': string } {
  const movies =
    ["1::Toy Story (1995)::Animation|Children's|Comedy", '73::Misérables, Les (1995)::Drama|War', '20::Money Train (1995)::Action', '40::Babylon 5::Sci-Fi'].join('\n') + '\n';
  const ratings = ['1::1::5::978300760', '1::73::3::978302109', '2::1::4::978301968', '2::20::1::978300275', '3::40::2::978824291', '3::73::5::978302268'].join('\n') + '\n';
  return { 'movies.dat': Buffer.from(movies, 'latin1'), 'ratings.dat': ratings };
}

/** ml-100k: tab-separated u.data, latin-1 '|' separated u.item with 19 genre flags. */
export function hundredKFiles(): { 'u.item': Buffer; 'u.data': string } {
  const flags = (...on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');
  const items =
    [
      `1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|${flags(3, 4, 5)}`,
      `2|Misérables, Les (1995)|01-Jan-1995||http://example/|${flags(8, 18)}`,
      `3|Four Rooms (1995)|01-Jan-1995||http://example/|${flags(17)}`,
      `267|unknown||||${flags(0)}`,
    ].join('\n') + '\n';
  const data = ['196\t1\t3\t881250949', '196\t2\t4\t881251000', '186\t1\t5\t891717742', '186\t3\t1\t878887116', '22\t267\t2\t880606923', '22\t2\t4\t886397596'].join('\n') + '\n';
  return { 'u.item': Buffer.from(items, 'latin1'), 'u.data': data };
}
