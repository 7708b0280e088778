// Reading the definition files of a git revision into memory, for `stroom diff`: git is run with argument arrays (no
// shell), nothing is checked out, and the working tree is never touched.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_CONFIG_BYTES, MAX_DEFINITION_BYTES } from '@stroom/language';
import { CliError } from './output.js';

/** Output of git, or the failure (exit code, stderr); `input` is written to its standard input. */
function git(cwd: string, args: readonly string[], input?: string): Promise<{ ok: true; out: Buffer } | { ok: false; err: string }> {
    return new Promise((resolve) => {
        const child = execFile('git', args as string[], { cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024, windowsHide: true },
            (error, stdout, stderr) => {
                if (error) resolve({ ok: false, err: (stderr.toString('utf8').trim() || error.message).split('\n')[0] });
                else resolve({ ok: true, out: stdout });
            });
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(input ?? '');
    });
}

/** The folder of the repository's working tree that holds `cwd`. */
export async function gitTop(cwd: string): Promise<string> {
    const r = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (!r.ok) {
        throw new CliError(`${cwd} is not in a git repository (${r.err}); stroom diff compares git revisions`
            + ` / ${cwd} is geen git-repository; stroom diff vergelijkt git-revisies`, 2);
    }
    return path.resolve(r.out.toString('utf8').trim());
}

/** The commit a revision names, or an error naming the revision. */
export async function resolveRevision(top: string, rev: string): Promise<string> {
    const r = await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const sha = r.ok ? r.out.toString('utf8').trim() : '';
    if (!/^[0-9a-f]{40,64}$/.test(sha)) {
        throw new CliError(`unknown revision ${rev}: git knows no commit by that name / onbekende revisie ${rev}`, 2);
    }
    return sha;
}

/** Whether a path (relative to the repository, `/`-separated) is a definition file or a workspace's stroom.json. */
function wanted(p: string): boolean {
    return p.endsWith('.stroom') || p === 'stroom.json' || p.endsWith('/stroom.json');
}

/** The definition files and stroom.json files of a commit (repository-relative path -> text). */
export async function revisionFiles(top: string, commit: string, label: string): Promise<Map<string, string>> {
    const list = await git(top, ['ls-tree', '-r', '-z', '--full-tree', '-l', commit]);
    if (!list.ok) throw new CliError(`${label}: cannot list the files (${list.err})`, 2);
    const entries: Array<{ sha: string; size: number; file: string }> = [];
    for (const line of list.out.toString('utf8').split('\0')) {
        // `<mode> blob <sha> <size>\t<path>`
        const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t(.*)$/s.exec(line);
        if (!m || !wanted(m[3])) continue;
        const max = m[3].endsWith('.json') ? MAX_CONFIG_BYTES : MAX_DEFINITION_BYTES;
        if (Number(m[2]) > max) throw new CliError(`${label}:${m[3]}: larger than ${max / 1024 / 1024} MB, the most Stroom reads of it`, 2);
        entries.push({ sha: m[1], size: Number(m[2]), file: m[3] });
    }
    const out = new Map<string, string>();
    if (entries.length === 0) return out;
    // One git process for every blob: `--batch` answers `<sha> blob <size>\n<bytes>\n` for each sha asked.
    const batch = await git(top, ['cat-file', '--batch'], entries.map((e) => `${e.sha}\n`).join(''));
    if (!batch.ok) throw new CliError(`${label}: cannot read the files (${batch.err})`, 2);
    let at = 0;
    const buf = batch.out;
    for (const e of entries) {
        const nl = buf.indexOf(0x0a, at);
        const header = buf.subarray(at, nl).toString('utf8');
        const size = Number(header.split(' ')[2]);
        if (!header.startsWith(e.sha) || !Number.isFinite(size)) throw new CliError(`${label}:${e.file}: unexpected answer from git (${header})`, 2);
        out.set(e.file, buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
        at = nl + 1 + size + 1;
    }
    return out;
}

/** The definition files of the working tree as git sees them: tracked and untracked, not ignored, still there. */
export async function workingTreeFiles(top: string): Promise<Map<string, string>> {
    const list = await git(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    if (!list.ok) throw new CliError(`cannot list the files of the working tree (${list.err})`, 2);
    const out = new Map<string, string>();
    for (const file of [...new Set(list.out.toString('utf8').split('\0'))].filter(wanted).sort()) {
        const full = path.join(top, file);
        let st: fs.Stats;
        try {
            st = fs.lstatSync(full);
        } catch {
            continue; // deleted in the working tree
        }
        if (!st.isFile()) continue;
        const max = file.endsWith('.json') ? MAX_CONFIG_BYTES : MAX_DEFINITION_BYTES;
        if (st.size > max) throw new CliError(`${file}: larger than ${max / 1024 / 1024} MB, the most Stroom reads of it`, 2);
        out.set(file, fs.readFileSync(full, 'utf8'));
    }
    return out;
}
