// The root of the workspace a path belongs to: the nearest folder with stroom.json, else the git root, else the
// folder itself. Kept apart from load.ts so that resolving a definition can find its root without loading anything.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findRoot(start: string): string {
    const abs = path.resolve(start);
    const first = fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'stroom.json'))) return dir;
        if (path.dirname(dir) === dir) break;
    }
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, '.git'))) return dir;
        if (path.dirname(dir) === dir) break;
    }
    return first;
}
