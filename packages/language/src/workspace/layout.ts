// Fixed-width layouts: one line per field, `name start width`, as DUO's file descriptions print them under
// "Lay-out bestand" (the name may contain spaces; a trailing "(*)" is ignored). Positions are 1-based.
import { readCached } from './cached-read.js';
import { cut } from '../text/quote.js';

export interface LayoutField {
    readonly name: string;
    readonly start: number;
    readonly width: number;
    /** Line of the layout file (for messages). */
    readonly line: number;
}

export interface LayoutProblem {
    readonly line: number;
    readonly message: string;
}

export interface Layout {
    readonly fields: readonly LayoutField[];
    /** Characters in a record: the end of the last field. */
    readonly width: number;
    readonly problems: readonly LayoutProblem[];
    /** The file holds more than MAX_LAYOUT_BYTES: nothing of it was parsed. */
    readonly tooLarge?: true;
}

const FIELD = /^(.*?\S)\s+(\d+)\s+(\d+)\s*(\(\*\))?\s*$/;

/** Parses layout text; lines that are empty, start with '#' or carry no positions (headings) are skipped. */
export function parseLayout(text: string): Layout {
    const fields: LayoutField[] = [];
    const problems: LayoutProblem[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const m = FIELD.exec(line);
        if (!m) return;
        fields.push({ name: m[1].replace(/\s+/g, ' '), start: Number(m[2]), width: Number(m[3]), line: i + 1 });
    });
    let end = 0;
    const seen = new Set<string>();
    for (const f of [...fields].sort((a, b) => a.start - b.start)) {
        if (f.width < 1) problems.push({ line: f.line, message: `field '${cut(f.name)}' has width ${f.width}` });
        if (f.start <= end) problems.push({ line: f.line, message: `field '${cut(f.name)}' (${f.start}-${f.start + f.width - 1}) overlaps the field before it, which ends at ${end}` });
        else if (f.start > end + 1) problems.push({ line: f.line, message: `positions ${end + 1}-${f.start - 1} before field '${cut(f.name)}' belong to no field` });
        if (seen.has(f.name)) problems.push({ line: f.line, message: `field '${cut(f.name)}' appears twice` });
        seen.add(f.name);
        end = Math.max(end, f.start + f.width - 1);
    }
    if (fields.length === 0) problems.push({ line: 1, message: 'no field lines (`name start width`) found' });
    return { fields, width: end, problems };
}

/** The layout in a file, read once per version of the file; undefined when it cannot be read. */
export function readLayout(path: string): Layout | undefined {
    return readCached(path, 'latin1', parseLayout, () => ({ fields: [], width: 0, problems: [], tooLarge: true }));
}
