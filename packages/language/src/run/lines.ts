// Where a CSV record starts in its file. A row number counts records; a user opens the file at a line. The two part
// where a quoted field holds line breaks (one record over several lines) and at blank lines (DuckDB skips them), so a
// data error reported "line row + 1" pointed 40 lines off after a few multi-line comments. This scan reads the bytes
// once, only when a message needs a line, and follows the quoting rules DuckDB reads the file by (quote and escape
// both '"', so a doubled quote toggles twice and changes nothing).
import * as fs from 'node:fs';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The physical line (1-based) on which each asked data row starts; row 1 is the first record after the header.
 * Rows the file does not have are left out of the map.
 */
export function csvRowLines(file: string, rows: readonly number[]): Map<number, number> {
    const wanted = new Set(rows);
    const out = new Map<number, number>();
    const last = Math.max(0, ...rows);
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(1 << 20);
    let line = 1;
    let record = -1; // the header is record 0
    let inQuote = false;
    let inRecord = false;
    try {
        for (let n = fs.readSync(fd, buf); n > 0 && record <= last; n = fs.readSync(fd, buf)) {
            for (let i = 0; i < n; i++) {
                const b = buf[i];
                if (b === LF) {
                    line++;
                    if (!inQuote) inRecord = false;
                } else if (b !== CR && !inRecord) {
                    // The first byte of a line that is not blank, outside quotes: a record starts here.
                    inRecord = true;
                    record++;
                    if (wanted.has(record)) out.set(record, line);
                }
                if (b === QUOTE) inQuote = !inQuote;
            }
        }
    } finally {
        fs.closeSync(fd);
    }
    return out;
}
