// Files the editor reads on every validation (layouts): parsed once per version of the file (mtime and size).
import * as fs from 'node:fs';

const caches = new Map<(text: string) => unknown, Map<string, { stamp: string; value: unknown }>>();

/** `parse` applied to the file's text, cached per version; undefined when the file cannot be read or parsed. */
export function readCached<T>(path: string, encoding: BufferEncoding, parse: (text: string) => T): T | undefined {
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
        value = parse(fs.readFileSync(path, encoding));
    } catch {
        value = undefined;
    }
    cache.set(path, { stamp, value });
    return value;
}
