/**
 * One catalog line: [title, release year, genres joined by '|'].
 * Kept as a tuple so each movie fits on one readable line in the movies-*.ts lists.
 */
export type MovieRow = readonly [title: string, year: number, genres: string];
