// Reads a CSV file's header row without reading the file: validation lists a file's real columns as you type.
import * as fs from 'node:fs';
import { firstFile } from './files.js';

const cache = new Map<string, { stamp: string; header: string[] | undefined; delimiter: string }>();

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

function firstLine(path: string): string | undefined {
    let fd: number | undefined;
    try {
        fd = fs.openSync(path, 'r');
        const buf = Buffer.alloc(65536);
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        const text = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
        return text.split(/\r?\n/)[0];
    } catch {
        return undefined;
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
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
    const line = firstLine(path);
    const delimiter = sniffDelimiter(line ?? '', declared);
    const header = line === undefined ? undefined : splitCsvLine(line, delimiter);
    cache.set(path, { stamp, header, delimiter });
    return header ? { header, delimiter } : undefined;
}

export function readCsvHeader(path: string, declared?: string): string[] | undefined {
    return readCsvHeaderInfo(path, declared)?.header;
}
