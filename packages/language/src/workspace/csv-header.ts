// Reads a CSV file's header row without reading the file: validation lists a file's real columns as you type.
import * as fs from 'node:fs';
import { firstFile } from './files.js';

const cache = new Map<string, { stamp: string; header: string[] | undefined; delimiter: string; tooLong?: true }>();

/** The delimiter a CSV uses: the declared one, else the most frequent of comma, semicolon and bar in line one. */
export function sniffDelimiter(firstLine: string, declared?: string): string {
    if (declared) return declared;
    const count = (c: string) => firstLine.split(c).length - 1;
    return [';', '|'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** Splits one CSV line (RFC 4180 quotes; a quoted field does not span lines in a header). */
export function splitCsvLine(line: string, delimiter: string): string[] {
    const out: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
            if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
            else if (ch === '"') quoted = false;
            else field += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === delimiter) { out.push(field); field = ''; }
        else field += ch;
    }
    out.push(field);
    return out;
}

/** A CSV header line may hold at most this many bytes: more is not a header (or not a CSV file). */
export const MAX_HEADER_BYTES = 64 * 1024;

/** The first line, read with one bounded read; `tooLong` when no line break comes within MAX_HEADER_BYTES. */
function firstLine(path: string): string | { tooLong: true } | undefined {
    let fd: number | undefined;
    try {
        fd = fs.openSync(path, 'r');
        const buf = Buffer.alloc(MAX_HEADER_BYTES + 1);
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        const text = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
        const end = text.search(/\r?\n/);
        if (end < 0 && n > MAX_HEADER_BYTES) return { tooLong: true };
        return end < 0 ? text : text.slice(0, end);
    } catch {
        return undefined;
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

/** Whether a CSV file's first line is longer than MAX_HEADER_BYTES (then no header is read; lint says why). */
export function csvHeaderTooLong(pathOrPattern: string, declared?: string): boolean {
    readCsvHeaderInfo(pathOrPattern, declared);
    const path = firstFile(pathOrPattern);
    return path !== undefined && cache.get(path)?.tooLong === true;
}

export function readCsvHeaderInfo(pathOrPattern: string, declared?: string): { header: string[]; delimiter: string } | undefined {
    const path = firstFile(pathOrPattern);
    if (path === undefined) return undefined;
    let stamp: string;
    try {
        const st = fs.statSync(path);
        stamp = `${st.mtimeMs}:${st.size}:${declared ?? ''}`;
    } catch {
        return undefined;
    }
    const hit = cache.get(path);
    if (hit && hit.stamp === stamp) return hit.header ? { header: hit.header, delimiter: hit.delimiter } : undefined;
    const first = firstLine(path);
    if (typeof first === 'object') {
        cache.set(path, { stamp, header: undefined, delimiter: declared ?? ',', tooLong: true });
        return undefined;
    }
    const delimiter = sniffDelimiter(first ?? '', declared);
    const header = first === undefined ? undefined : splitCsvLine(first, delimiter);
    cache.set(path, { stamp, header, delimiter });
    return header ? { header, delimiter } : undefined;
}

export function readCsvHeader(path: string, declared?: string): string[] | undefined {
    return readCsvHeaderInfo(path, declared)?.header;
}
