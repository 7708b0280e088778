// PostgreSQL: overrides only what differs from the generic printer. Files cannot be read by the server, so the
// engine loads each data file into a temporary table first (run/postgres.ts); the printed SQL reads those tables.
import type { DataFileSpec } from '../definition/types.js';
import { quoteIdentStandard, quoteStringStandard, translateDateFormat, type Dialect } from './dialect.js';
import { assertMayRead } from '../workspace/data-access.js';
import { q, ROW } from './internal.js';

/** The temporary table a data file is loaded into: one per file of the source, named after the file's local name. */
export function loadedTableName(file: DataFileSpec): string {
    return `stroom_file_${file.name}`;
}

/** Translates a Stroom date format into to_date() tokens (letters outside tokens are quoted). */
export function toDateFormat(format: string): string {
    return translateDateFormat(format, { yyyy: 'YYYY', MM: 'MM', dd: 'DD', M: 'FMMM', d: 'FMDD' }, (ch) => (/[A-Za-z]/.test(ch) ? `"${ch}"` : ch));
}

export const postgres: Dialect = {
    name: 'postgres',
    quoteIdent: quoteIdentStandard,
    quoteString: quoteStringStandard,
    readFile(file: DataFileSpec): string {
        if (file.format === 'table') {
            // SQL naming a table outside tableSchemas (pg_catalog.pg_authid, say) is never even printed.
            assertMayRead(file);
            // A table of the database itself: its row order as stored is the source row order.
            const name = file.path.split('.').map(quoteIdentStandard).join('.');
            return `(SELECT row_number() OVER () AS ${q(ROW)}, * FROM ${name})`;
        }
        return `(SELECT * FROM ${quoteIdentStandard(loadedTableName(file))})`;
    },
    parseDate(text: string, format: string): string {
        return `to_date(${text}, ${quoteStringStandard(toDateFormat(format))})`;
    },
    tryParseDate(): string {
        // Data checks read files with DuckDB before loading; PostgreSQL never needs a lenient parse.
        throw new Error('tryParseDate is not available in the PostgreSQL dialect');
    },
    fullMatch(text: string, pattern: string): string {
        return `${text} ~ ${quoteStringStandard(`^(${pattern})$`)}`;
    },
    isYear(text: string): string {
        return `${text} ~ '^[0-9]{4}$'`;
    },
    inputNotes(files): string[] {
        const seen = new Set<string>();
        const notes = ['PostgreSQL reads the data files from temporary tables that `stroom run --engine postgres` loads:'];
        for (const { file, shownPath } of files) {
            if (file.format === 'table') continue;
            const table = loadedTableName(file);
            if (seen.has(table)) continue;
            seen.add(table);
            notes.push(`  ${quoteIdentStandard(table)} <- ${shownPath} (every column as text, plus ${q(ROW)}, its row number)`);
        }
        return notes;
    },
    codePoint(text: string): string {
        return `${text} COLLATE "C"`;
    },
};
