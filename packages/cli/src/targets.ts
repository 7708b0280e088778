// The files a command works on: the .stroom files named or found under the named folders, grouped by workspace
// root, so that files of separate workspaces never see each other.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRoot } from '@stroom/language';
import { CliError } from './output.js';

export function listStroom(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.resolve(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...listStroom(full));
        } else if (entry.name.endsWith('.stroom')) out.push(full);
    }
    return out;
}

/** Target files by workspace root (default target: the current folder). */
export function targetsByRoot(targets: readonly string[]): { paths: readonly string[]; files: readonly string[]; byRoot: Map<string, string[]> } {
    const paths = targets.length > 0 ? targets : ['.'];
    const files: string[] = [];
    for (const target of paths) {
        if (!fs.existsSync(target)) throw new CliError(`${target}: no such file or folder`);
        if (fs.statSync(target).isDirectory()) files.push(...listStroom(target));
        else files.push(path.resolve(target));
    }
    const byRoot = new Map<string, string[]>();
    for (const f of files) {
        const root = findRoot(f);
        byRoot.set(root, [...(byRoot.get(root) ?? []), f]);
    }
    return { paths, files, byRoot };
}
