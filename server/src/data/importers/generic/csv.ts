/**
 * RFC 4180 records from a stream of lines (line-reader.ts hands out lines, so a file of any size is
 * read a few MB at a time): fields separated by commas, quoted fields may hold commas, doubled
 * quotes ("") and line breaks; CRLF or LF. A quote inside an unquoted field is kept as a character
 * (common in hand-made files and harmless); text after a closing quote is an error, since it means the
 * quoting is not what the author thinks.
 */
export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts */
  line: number;
}

/** a record longer than this is a quote that was never closed, not data */
const MAX_RECORD_CHARS = 16 << 20;

/** A CSV problem at a place in the file; column is the 1-based field number. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Feeds lines in, gets records out: a line that ends inside a quoted field returns null and is
 * continued by the next one. finish() reports a quote still open at the end of the file.
 */
export class CsvRecordSplitter {
  private fields: string[] = [];
  private field = '';
  private open = false;
  private startLine = 0;
  private chars = 0;

  /** the record completed by this line, null while a quoted field continues onto the next line */
  push(text: string, line: number): CsvRecord | null {
    if (!this.open) {
      // fast path: no quotes at all (the usual line)
      if (text.indexOf('"') < 0) return { fields: text.split(','), line };
      this.fields = [];
      this.field = '';
      this.startLine = line;
      this.chars = 0;
    } else {
      this.field += '\n';
    }
    this.chars += text.length + 1;
    if (this.chars > MAX_RECORD_CHARS) {
      throw new CsvSyntaxError(this.startLine, this.fields.length + 1, 'a quoted field opened here is never closed');
    }
    let i = 0;
    const n = text.length;
    if (this.open) i = this.quoted(text, 0);
    while (!this.open) {
      if (i >= n) {
        this.fields.push(this.field);
        return { fields: this.fields, line: this.startLine };
      }
      if (text.charCodeAt(i) === 34 && this.field === '') {
        this.open = true;
        i = this.quoted(text, i + 1);
        if (this.open) return null;
        // after the closing quote: a comma or the end of the line
        if (i < n && text.charCodeAt(i) !== 44) {
          throw new CsvSyntaxError(this.startLine, this.fields.length + 1, 'text follows a closing quote; inside a quoted field, write a quote as ""');
        }
      } else {
        const comma = text.indexOf(',', i);
        const end = comma < 0 ? n : comma;
        this.field += text.slice(i, end);
        i = end;
      }
      if (i < n) {
        // at a comma: the field ends, the next begins
        this.fields.push(this.field);
        this.field = '';
        i++;
        if (i === n) {
          this.fields.push('');
          return { fields: this.fields, line: this.startLine };
        }
      }
    }
    return null;
  }

  /** reads a quoted field's text from i; returns the index after the closing quote (this.open false), or n */
  private quoted(text: string, i: number): number {
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        this.field += text.slice(i);
        return text.length;
      }
      this.field += text.slice(i, q);
      if (text.charCodeAt(q + 1) === 34) {
        this.field += '"';
        i = q + 2;
        continue;
      }
      this.open = false;
      return q + 1;
    }
  }

  finish(): void {
    if (this.open) throw new CsvSyntaxError(this.startLine, this.fields.length + 1, 'a quoted field opened here is never closed');
  }
}

/** one CSV field as written to a file: quoted only when it has to be */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** one CSV line (with its LF) of already-formatted fields */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}
