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
    const pattern = path.basename(file);
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    return names.filter((n) => globMatch(pattern, n)).sort().map((n) => path.join(dir, n));
}

/**
 * Whether a name matches a pattern of `*` (any run of characters) and `?` (one character). Not a regular expression:
 * `*a*a*a*a*a*a*a*a*a*a*a*a*b` as a regex took 132 s on one 200-character name; this takes at most
 * pattern x name steps (on a mismatch it only moves the last `*` on by one character).
 */
export function globMatch(pattern: string, name: string): boolean {
    let p = 0;
    let n = 0;
    let star = -1;
    let resume = 0;
    while (n < name.length) {
        if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === name[n]))) {
            p++;
            n++;
        } else if (p < pattern.length && pattern[p] === '*') {
            star = p++;
            resume = n;
        } else if (star >= 0) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === '*') p++;
    return p === pattern.length;
}

/** The file whose header stands for all: the path itself, or the first match of a pattern. */
export function firstFile(file: string): string | undefined {
    return isPattern(file) ? matchingFiles(file)[0] : file;
}
