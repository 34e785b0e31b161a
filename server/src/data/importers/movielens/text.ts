/** Text helpers shared by the movie-file parsers: decoding, title/year split, CSV records. */

/**
 * ml-1m and ml-100k are latin-1, ml-10m and ml-latest UTF-8. Latin-1 text with accents is almost
 * never valid UTF-8, so: strict UTF-8 first, latin-1 when that fails.
 */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

// "Heat (1995)", "Fawlty Towers (1975-1979)", "Title (1995) " — the year is the last parenthesis.
const TITLE_YEAR = /^(.*?)\s*\((\d{4})(?:\s*[-–]\s*\d{0,4})?\)\s*$/;

/** Splits "Misérables, Les (1995)" into title "Misérables, Les" and 1995; no year → null. */
export function splitTitleYear(raw: string): { title: string; year: number | null } {
  const m = TITLE_YEAR.exec(raw);
  if (!m || m[1].trim() === '') return { title: raw.trim(), year: null };
  return { title: m[1].trim(), year: Number(m[2]) };
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts */
  line: number;
}

/**
 * RFC-4180 records from a whole file's text: quoted fields may hold commas, doubled quotes and
 * line breaks; CRLF or LF. Blank lines are skipped; an unclosed quote throws CsvQuoteError.
 */
export function* csvRecords(text: string): Generator<CsvRecord, void, void> {
  const QUOTE = 34,
    COMMA = 44,
    LF = 10,
    CR = 13;
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === QUOTE) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvQuoteError(startLine);
          for (let nl = text.indexOf('\n', i); nl >= 0 && nl < q; nl = text.indexOf('\n', nl + 1)) line++;
          field += text.slice(i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
      }
      // the unquoted field (or whatever follows a closing quote) runs to a comma or a line end
      let j = i;
      for (let c = text.charCodeAt(j); j < n && c !== COMMA && c !== LF && c !== CR; c = text.charCodeAt(++j));
      fields.push(field + text.slice(i, j));
      i = j;
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    yield { fields, line: startLine };
  }
}

/** An opening quote with no closing one before the end of the file. */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super('a quoted field is never closed');
  }
}
