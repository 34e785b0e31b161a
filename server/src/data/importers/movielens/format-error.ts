import { basename } from 'node:path';

/**
 * A line of a MovieLens file that cannot be loaded. Carries the file, the 1-based line number
 * (the CSV header is line 1) and the reason separately, so callers can report or test each part.
 */
export class MovieLensFormatError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${basename(file)} line ${line}: ${reason}`);
    this.name = 'MovieLensFormatError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
