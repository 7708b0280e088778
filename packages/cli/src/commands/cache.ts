// stroom cache clear|info [path]: the workspace cache (`.stroom-cache/` in the workspace root), which holds the data
// files as runs read and checked them: personal data, so it can be removed at any time (the next run reads the files).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheInfo, clearCache, findRoot } from '@stroom/language';

function rootOf(target: string | undefined): string {
    return findRoot(target ?? process.cwd());
}

function size(bytes: number): string {
    return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function shown(folder: string): string {
    return path.relative(process.cwd(), folder) || folder;
}

export function cacheClear(target: string | undefined): number {
    if (target !== undefined && !fs.existsSync(target)) {
        process.stderr.write(`stroom: ${target}: no such file or folder\n`);
        return 2;
    }
    const removed = clearCache(rootOf(target));
    const folder = shown(path.join(rootOf(target), '.stroom-cache'));
    process.stdout.write(removed
        ? `removed ${folder} (${size(removed.bytes)}) / ${folder} verwijderd\n`
        : `no cache at ${folder} / geen cache in ${folder}\n`);
    return 0;
}

export async function cacheInfoCommand(target: string | undefined): Promise<number> {
    if (target !== undefined && !fs.existsSync(target)) {
        process.stderr.write(`stroom: ${target}: no such file or folder\n`);
        return 2;
    }
    const info = await cacheInfo(rootOf(target));
    const folder = shown(info.folder);
    if (!info.exists) {
        process.stdout.write(`no cache at ${folder} / geen cache in ${folder}\n`);
        return 0;
    }
    const relations = info.relations === undefined ? 'in use by another stroom process / in gebruik door een ander stroom-proces'
        : `${info.relations} relation${info.relations === 1 ? '' : 's'} / ${info.relations} relatie${info.relations === 1 ? '' : 's'}`;
    process.stdout.write(`${folder}: ${size(info.bytes)}, ${relations}\n`);
    return 0;
}
