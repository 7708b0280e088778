// Files the editor reads on every validation (layouts): parsed once per version of the file (mtime and size), and
// never more than a bounded number of bytes of them: `layout "/dev/zero"` once took 3.6 GB (lint) and 8.9 GB (server).
import * as fs from 'node:fs';

/** A layout file may hold at most this many bytes: DUO's largest layout is a few kilobytes. */
export const MAX_LAYOUT_BYTES = 1024 * 1024;

/** What a bounded read found: the bytes, or that the file holds more than allowed. */
export type Bounded = { readonly bytes: Buffer } | { readonly tooLarge: true };

/**
 * At most `max` bytes of a file, read with reads of a fixed buffer; `tooLarge` when there is more. The size from
 * stat is not trusted: devices and /proc files report 0 and never end.
 */
export function readBounded(path: string, max: number): Bounded {
    const fd = fs.openSync(path, 'r');
    try {
        // Chunks of 64 KB, not one buffer of `max`: most files are small, and a definition may be read per file.
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(65536, max + 1 - total));
            const got = fs.readSync(fd, chunk, 0, chunk.length, null);
            if (got === 0) break;
            chunks.push(chunk.subarray(0, got));
            total += got;
            if (total > max) return { tooLarge: true };
        }
        return { bytes: Buffer.concat(chunks, total) };
    } finally {
        fs.closeSync(fd);
    }
}

const caches = new Map<(text: string) => unknown, Map<string, { stamp: string; value: unknown }>>();

/**
 * `parse` applied to the file's text, cached per version; undefined when the file cannot be read or parsed, and
 * `tooLarge()` when it holds more than MAX_LAYOUT_BYTES.
 */
export function readCached<T>(path: string, encoding: BufferEncoding, parse: (text: string) => T, tooLarge: () => T): T | undefined {
    let stamp: string;
    try {
        const st = fs.statSync(path);
        stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
        return undefined;
    }
    const cache = caches.get(parse) ?? new Map<string, { stamp: string; value: unknown }>();
    caches.set(parse, cache);
    const hit = cache.get(path);
    if (hit?.stamp === stamp) return hit.value as T | undefined;
    let value: T | undefined;
    try {
        const read = readBounded(path, MAX_LAYOUT_BYTES);
        value = 'tooLarge' in read ? tooLarge() : parse(read.bytes.toString(encoding));
    } catch {
        value = undefined;
    }
    cache.set(path, { stamp, value });
    return value;
}
