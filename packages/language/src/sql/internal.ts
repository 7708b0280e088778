// The columns Stroom adds to what it reads from a data file. A data file may have a column of any name (a column
// named "source_row" once took over the row order that breaks ties), so these names carry a prefix that no user
// column may have: the data checks refuse a file with such a column (reservedColumns) before anything is computed.
// Stroom's own columns also come first in every relation it reads, so DuckDB, which renames a repeated column name by
// appending _1, never renames one of ours.

export const RESERVED_PREFIX = 'stroom$';
/** 1-based position of the record in what was read (the order ties are broken by). */
export const ROW = 'stroom$row';
/** Records files: the file a line came from, and its line number in that file. */
export const FILE = 'stroom$file';
export const LINE = 'stroom$line';
/** Fixed-width and records files: the whole line as read, and its width. */
export const TEXT = 'stroom$text';
export const WIDTH = 'stroom$width';

/** An internal name as an SQL identifier (they need no escaping). */
export function q(name: string): string {
    return `"${name}"`;
}

/** Columns of a relation that use the reserved prefix but are not ours: a user's column, which is refused. */
export function reservedColumns(columns: readonly string[]): string[] {
    const ours = new Set([ROW, FILE, LINE, TEXT, WIDTH]);
    return columns.filter((c) => c.toLowerCase().startsWith(RESERVED_PREFIX) && !ours.has(c))
        // DuckDB renamed the user's copy of one of our names (stroom$row_1): show the name the file has.
        .map((c) => c.replace(/_\d+$/, (tail) => (ours.has(c.slice(0, -tail.length)) ? '' : tail)));
}
