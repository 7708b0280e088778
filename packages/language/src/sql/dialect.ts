// The dialect surface: small and explicit. The generic printer asks a dialect only for what differs between
// engines (quoting, reading files, parsing dates, text ordering); everything else is standard SQL.
import type { DataFileSpec } from '../definition/types.js';

export interface Dialect {
    readonly name: 'duckdb' | 'postgres';
    /** Quotes an identifier the printer did not write itself. */
    quoteIdent(name: string): string;
    /** A string literal. */
    quoteString(value: string): string;
    /**
     * A relation with every column of the file as text, plus ROW (sql/internal.ts: 1-based position). `path` is
     * the file's absolute path, or relative to the workspace root in printed SQL.
     */
    readFile(file: DataFileSpec, delimiter: string, path?: string): string;
    /** Parses text in a Stroom date format (yyyy, MM, dd, M, d) into a DATE; fails on bad input. */
    parseDate(text: string, format: string): string;
    /** Like parseDate, but NULL on bad input (used to find the first bad value before a run). */
    tryParseDate(text: string, format: string): string;
    /** True when the whole text matches a regular expression (the common subset of RE2 and POSIX). */
    fullMatch(text: string, pattern: string): string;
    /** True when text is exactly four digits (a year). */
    isYear(text: string): string;
    /** Comment lines that say what the printed SQL expects to exist before it runs (loaded tables). */
    inputNotes?(files: ReadonlyArray<{ file: DataFileSpec; shownPath: string }>): string[];
    /** Text compared by code point, whatever the database's collation. */
    codePoint(text: string): string;
}

/** Standard SQL quoting shared by the dialects. */
export function quoteIdentStandard(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

export function quoteStringStandard(value: string): string {
    if (value.includes('\0')) throw new Error('a NUL character cannot be written in an SQL literal');
    return `'${value.replace(/'/g, "''")}'`;
}

const DATE_TOKENS = ['yyyy', 'MM', 'dd', 'M', 'd'] as const;
type DateToken = typeof DATE_TOKENS[number];

/** Rewrites a Stroom date format token by token; other characters go through `literal`. */
export function translateDateFormat(format: string, tokens: Readonly<Record<DateToken, string>>, literal: (ch: string) => string): string {
    let out = '';
    for (let i = 0; i < format.length;) {
        const token = DATE_TOKENS.find((t) => format.startsWith(t, i));
        out += token ? tokens[token] : literal(format[i]);
        i += token ? token.length : 1;
    }
    return out;
}

/** Translates a Stroom date format into strftime tokens (DuckDB's strptime). */
export function strftimeFormat(format: string): string {
    return translateDateFormat(format, { yyyy: '%Y', MM: '%m', dd: '%d', M: '%-m', d: '%-d' }, (ch) => (ch === '%' ? '%%' : ch));
}
