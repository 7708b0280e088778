// `stroom run --format xlsx`: an Excel workbook with, per indicator, a sheet of its figures (the cells the table shows,
// numbers as number cells, hidden cells as the same `<5` or `x` text) and a sheet of its definition (the explanation
// `stroom explain` writes, in the chosen language); published figures get a sheet each. The workbook is written by
// write-excel-file (MIT), loaded only for this format. The zip it makes stamps every entry with the current time; those
// stamps are set to a fixed date, so the same figures give the same bytes.
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import {
    explainBlocks, plain, type Block, type ExplainInput, type IndicatorResult, type Lang, type PublishedFigures,
    cells, columnsOf, headerOf, incompleteText, labelled, publishedColumns, publishedSubtitle, publishedTitle, subtitle, titleLine, type NoteLang,
} from '@stroom/language';

export interface XlsxOptions {
    /** The language of the notes (incomplete years, hidden cells): one, or both when undefined. */
    readonly lang?: NoteLang;
    /** The language of the definition sheets and of the sheet names. */
    readonly cardLang: Lang;
    /** Per result, in the same order, what its definition sheet explains. */
    readonly explain: readonly ExplainInput[];
}

const SUFFIX: Record<Lang, { card: string; published: string; note: string }> = {
    nl: { card: 'definitie', published: 'gepubliceerd', note: 'toelichting' },
    en: { card: 'definition', published: 'published', note: 'note' },
};

/** Title and subtitle, a blank row, then the header: the header row stays in view while scrolling. */
const HEADER_ROW = 4;

export async function renderRunXlsx(results: readonly IndicatorResult[], published: readonly PublishedFigures[], options: XlsxOptions): Promise<Uint8Array> {
    const names = new SheetNames();
    const sheets: Array<Sheet<never>> = [];
    const words = SUFFIX[options.cardLang];
    for (const [i, result] of results.entries()) {
        const name = result.prepared.definition.indicator.name;
        sheets.push(figuresSheet(result, names.take(name), options.lang, words.note));
        sheets.push(cardSheet(explainBlocks(options.explain[i], options.cardLang), names.take(name, words.card)));
    }
    for (const p of published) sheets.push(publishedSheet(p, names.take(p.source.name, words.published)));
    if (sheets.length === 0) sheets.push({ sheet: names.take('Stroom'), data: [[text('(no figures / geen cijfers)')]] });
    const bytes = await writeXlsxFile(sheets).toBuffer();
    return fixZipTimes(bytes);
}

// ------------------------------------------------------------------ cells

function text(value: string, style: Partial<Cell & object> = {}): Cell {
    return { type: String, value, ...style } as Cell;
}

function bold(value: string): Cell {
    return text(value, { fontWeight: 'bold' });
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^[+-]?\d+(?:\.(\d+))?$/;
const PERCENT = /^(-?\d+(?:\.(\d+))?)%$/;

/** A count as shown: a number cell, or the mark (`<5`, `x`) as right-aligned text. */
function count(shown: string): Cell {
    if (INTEGER.test(shown)) return { type: Number, value: Number(shown), format: '0' } as Cell;
    return shown === '' ? null : text(shown, { align: 'right' });
}

/** A rate as shown (`15.7%`): the fraction 0.157 in a percent format with the shown decimals. */
function percent(shown: string): Cell {
    const m = PERCENT.exec(shown);
    // `15.7e-2` parses to the double nearest 0.157 (15.7 / 100 would not).
    if (m) return { type: Number, value: Number(`${m[1]}e-2`), format: `0${decimalsFormat(m[2])}%` } as Cell;
    return shown === '' ? null : text(shown, { align: 'right' });
}

/** A change in percentage points as shown (`+2.5`, `-1.0`): a number with its sign always shown. */
function points(shown: string): Cell {
    const m = DECIMAL.exec(shown);
    if (m) {
        const f = `0${decimalsFormat(m[1])}`;
        return { type: Number, value: Number(shown), format: `+${f};-${f};${f}` } as Cell;
    }
    return shown === '' ? null : text(shown, { align: 'right' });
}

function decimalsFormat(digits: string | undefined): string {
    return digits ? `.${'0'.repeat(digits.length)}` : '';
}

// ------------------------------------------------------------------ sheets

function figuresSheet(result: IndicatorResult, sheet: string, lang: NoteLang, noteWord: string): Sheet<never> {
    const header = ['cohort', ...headerOf(result), noteWord];
    const breakdown = columnsOf(result.prepared.definition).length;
    const data: Row[] = [[bold(titleLine(result))], [text(subtitle(result))], [], header.map(bold)];
    for (const c of cells(result, lang)) {
        const values = header.slice(1 + breakdown, -1);
        data.push([
            { type: Number, value: c.year, format: '0' } as Cell,
            ...labelled(result, c.by).map((v) => text(v)),
            ...values.map((h) => valueCell(h, c.cell)),
            c.cell.note ? text(c.cell.note) : null,
        ]);
    }
    // An incomplete year's reason runs on over the empty cells beside it: it sets no column width.
    const columns = widths(data.slice(HEADER_ROW - 1), header.length);
    for (const inc of result.prepared.plan.incomplete) data.push([{ type: Number, value: inc.year, format: '0' } as Cell, text(incompleteText(lang, inc.reason))]);
    return { sheet, data, stickyRowsCount: HEADER_ROW, columns };
}

/** A value cell by its column (headerOf's names): counts, the rate, its change, the norm and whether it is met. */
function valueCell(column: string, c: ReturnType<typeof cells>[number]['cell']): Cell {
    switch (column) {
        case 'cohort size': return count(c.size);
        case 'rate': return percent(c.rate);
        case 'change': return points(c.change);
        case 'norm': return percent(c.norm);
        case 'met': return c.met ? text(c.met) : null;
        default: return count(c.count);
    }
}

/** The explanation as rows: headings in bold, paragraphs and list items one wrapped cell each, tables as cells. */
function cardSheet(blocks: readonly Block[], sheet: string): Sheet<never> {
    const data: Row[] = [];
    for (const b of blocks) {
        switch (b.kind) {
            case 'heading':
                if (data.length > 0) data.push([]);
                data.push([text(plain(b.text), { fontWeight: 'bold', fontSize: b.level === 1 ? 14 : 12 })]);
                break;
            case 'paragraph':
                data.push([text(plain(b.text), { wrap: true })]);
                break;
            case 'list':
                b.items.forEach((item, i) => data.push([text(`${b.ordered ? `${i + 1}.` : '•'} ${plain(item)}`, { wrap: true })]));
                break;
            case 'table':
                data.push(b.header.map(bold));
                for (const row of b.rows) data.push(row.map((v, i) => (b.numeric[i] ? count(v) : text(v))));
                break;
        }
    }
    // One wide first column for the prose; a table's further columns keep a readable width.
    const columns = widths(data.filter((r) => r.length > 1), Math.max(1, ...data.map((r) => r.length)));
    return { sheet, data, columns: [{ width: 100 }, ...columns.slice(1)] };
}

function publishedSheet(p: PublishedFigures, sheet: string): Sheet<never> {
    const { header, rows } = publishedColumns(p, true);
    const first = 1 + p.breakdown.length + (header.includes('outcome') ? 1 : 0);
    const data: Row[] = [[bold(publishedTitle(p))], [text(publishedSubtitle(p))], [], header.map(bold)];
    for (const r of rows) {
        data.push(r.map((v, i) => (i === 0 ? count(v) : i < first ? text(v) : header[i] === 'rate' ? percent(v) : count(v))));
    }
    return { sheet, data, stickyRowsCount: HEADER_ROW, columns: widths(data.slice(HEADER_ROW - 1), header.length) };
}

/** Column widths (in characters) from the longest shown text of each column, between 8 and 60. */
function widths(rows: readonly Row[], n: number): Array<{ width: number }> {
    const out = Array.from({ length: n }, () => 8);
    for (const r of rows) {
        r.forEach((c, i) => {
            if (c === null || c === undefined || i >= n) return;
            const v = typeof c === 'object' && !(c instanceof Date) && 'value' in c ? c.value : c;
            out[i] = Math.max(out[i], Math.min(60, String(v ?? '').length + 2));
        });
    }
    return out.map((width) => ({ width }));
}

/**
 * Excel's rules for sheet names: at most 31 characters, none of []:*?/\, not starting or ending with an apostrophe,
 * not "History", and unique regardless of case. A name that collides gets " (2)", " (3)", ...; one too long ends in "…".
 */
export class SheetNames {
    private readonly used = new Set<string>();

    take(base: string, suffix?: string): string {
        const clean = base.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '') || 'sheet';
        for (let n = 1; ; n++) {
            const tail = `${suffix ? ` (${suffix})` : ''}${n > 1 ? ` (${n})` : ''}`;
            const room = 31 - tail.length;
            // A name cut short says so with an ellipsis.
            const name = `${clean.length > room ? `${clean.slice(0, room - 1)}…` : clean}${tail}`;
            const key = name.toLowerCase();
            if (this.used.has(key) || key === 'history') continue;
            this.used.add(key);
            return name;
        }
    }
}

// ------------------------------------------------------------------ determinism

/** 1980-01-01 00:00, the first date a zip entry can carry (MS-DOS date: day 1, month 1, year 0). */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

/**
 * Sets the modification time of every zip entry, in its local header and in the central directory, to 1980-01-01: the
 * only part of the archive that changes from one run to the next. Walks the central directory from the end record.
 */
export function fixZipTimes(zip: Uint8Array): Uint8Array {
    const bytes = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
    let end = bytes.length - 22;
    while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
    if (end < 0) throw new Error('xlsx: the zip has no end record');
    const entries = bytes.readUInt16LE(end + 10);
    let at = bytes.readUInt32LE(end + 16);
    for (let i = 0; i < entries; i++) {
        if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('xlsx: unexpected zip central directory');
        bytes.writeUInt16LE(DOS_TIME, at + 12);
        bytes.writeUInt16LE(DOS_DATE, at + 14);
        const local = bytes.readUInt32LE(at + 42);
        if (bytes.readUInt32LE(local) !== 0x04034b50) throw new Error('xlsx: unexpected zip local header');
        bytes.writeUInt16LE(DOS_TIME, local + 10);
        bytes.writeUInt16LE(DOS_DATE, local + 12);
        at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    return bytes;
}
