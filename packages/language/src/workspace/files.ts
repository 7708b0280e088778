// A data file's path may end in a pattern (`RO_*.csv`: one file per institution). Only the last part of the path
// may hold `*` or `?`, which keeps matching predictable and the same in every engine.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function isPattern(file: string): boolean {
    return /[*?]/.test(path.basename(file));
}

/** The files a path stands for, sorted by name (code point order); a plain path gives itself when it exists. */
export function matchingFiles(file: string): string[] {
    if (!isPattern(file)) return fs.existsSync(file) ? [file] : [];
    const dir = path.dirname(file);
    const re = new RegExp(`^${path.basename(file).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    return names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
}

/** The file whose header stands for all: the path itself, or the first match of a pattern. */
export function firstFile(file: string): string | undefined {
    return isPattern(file) ? matchingFiles(file)[0] : file;
}
