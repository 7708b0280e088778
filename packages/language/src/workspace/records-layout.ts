// Layouts of multi-record files (DUO's mbo RO files): one line per record type, `TYPE: field, field, ...`, the
// fields in file order with the record type itself first. `header TYPE: ...` marks the type of the file's header
// line (VLP): its fields are added to every record of the same file (the institution's BRIN, the period).
import { readCached } from './cached-read.js';
import { cut } from '../text/quote.js';

export interface RecordsLayout {
    readonly header?: string;
    readonly types: Readonly<Record<string, readonly string[]>>;
    readonly problems: ReadonlyArray<{ readonly line: number; readonly message: string }>;
    /** The file holds more than MAX_LAYOUT_BYTES: nothing of it was parsed. */
    readonly tooLarge?: true;
}

const LINE = /^(header\s+)?([A-Za-z0-9_]+)\s*:\s*(.*)$/;

export function parseRecordsLayout(text: string): RecordsLayout {
    const types: Record<string, string[]> = {};
    const problems: Array<{ line: number; message: string }> = [];
    let header: string | undefined;
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const m = LINE.exec(line);
        if (!m) {
            // The line itself is not quoted: a layout that is really another file must not be printed back.
            problems.push({ line: i + 1, message: 'expected `TYPE: field, field, ...`' });
            return;
        }
        const [, isHeader, type, rest] = m;
        const fields = rest.split(',').map((f) => f.trim().replace(/\s+/g, ' '));
        if (types[type]) problems.push({ line: i + 1, message: `record type ${cut(type)} is described twice` });
        if (fields.some((f) => f === '')) problems.push({ line: i + 1, message: `record type ${cut(type)} has an empty field name` });
        const dup = fields.find((f, k) => f !== '' && fields.indexOf(f) !== k);
        if (dup) problems.push({ line: i + 1, message: `record type ${cut(type)} has field '${cut(dup)}' twice` });
        if (isHeader) {
            if (header) problems.push({ line: i + 1, message: `a second header type (${cut(type)}); ${cut(header)} is the header` });
            header = type;
        }
        types[type] = fields;
    });
    if (Object.keys(types).length === 0) problems.push({ line: 1, message: 'no record types (`TYPE: field, field, ...`) found' });
    // A header field is added to every record: it must not share a name with a record's own field.
    if (header) {
        const own = new Set(types[header].slice(1));
        for (const [type, fields] of Object.entries(types)) {
            if (type === header) continue;
            const clash = fields.slice(1).find((f) => own.has(f));
            if (clash) problems.push({ line: 1, message: `field '${cut(clash)}' of ${cut(type)} has the name of a field of the header type ${cut(header)}` });
        }
    }
    return { ...(header ? { header } : {}), types, problems };
}

/** The columns a mapping of record type `type` sees: its own fields, then the header's (not the type field). */
export function recordColumns(layout: Pick<RecordsLayout, 'header' | 'types'>, type: string): string[] | undefined {
    const own = layout.types[type];
    if (!own) return undefined;
    const header = layout.header && layout.header !== type ? layout.types[layout.header].slice(1) : [];
    return [...own, ...header];
}

/** The records layout in a file, read once per version of the file; undefined when it cannot be read. */
export function readRecordsLayout(path: string): RecordsLayout | undefined {
    return readCached(path, 'utf8', parseRecordsLayout, () => ({ types: {}, problems: [], tooLarge: true }));
}
