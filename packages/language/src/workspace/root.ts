// The root of the workspace a path belongs to: the nearest folder with stroom.json, else the git root, else the
// folder itself; a folder with a named stroom.json inside a workspace belongs to that workspace. Kept apart from
// load.ts so that resolving a definition can find its root without loading anything.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findRoot(start: string): string {
    const abs = path.resolve(start);
    const first = fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'stroom.json'))) return outerRoot(dir) ?? dir;
        if (path.dirname(dir) === dir) break;
    }
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, '.git'))) return dir;
        if (path.dirname(dir) === dir) break;
    }
    return first;
}

/**
 * A folder with a named stroom.json inside a workspace is a package of that workspace, not a root of its own: the
 * root of the workspace around it (undefined when there is none, or for an installed package in node_modules).
 */
function outerRoot(dir: string): string | undefined {
    if (dir.split(path.sep).includes('node_modules') || !hasName(path.join(dir, 'stroom.json'))) return undefined;
    for (let up = path.dirname(dir); up !== path.dirname(up); up = path.dirname(up)) {
        if (fs.existsSync(path.join(up, 'stroom.json'))) return outerRoot(up) ?? up;
    }
    return undefined;
}

function hasName(file: string): boolean {
    try {
        const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        return value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string';
    } catch {
        return false;
    }
}
