import { basename } from 'node:path';

/**
 * A place in an import file that cannot be loaded: file, 1-based line (a CSV header is line 1),
 * 1-based column and the field it belongs to, so the message reads like a compiler's:
 *   events.csv:17:4 value: "abc" is not a number
 * In CSV the column is the field's position (as a spreadsheet counts columns); in JSON Lines it is
 * the character where the field's key starts. column 0 means the whole line (or the whole header).
 */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** the field as the file names it (after --map), or '' for a problem with the whole line */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${basename(file)}:${line}${column > 0 ? `:${column}` : ''} ${field ? `${field}: ` : ''}${reason}`);
  }
}

/**
 * A field value that is wrong, thrown by the value parsers without knowing where they are; the
 * record readers catch it and add file, line and column.
 */
export class FieldError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
