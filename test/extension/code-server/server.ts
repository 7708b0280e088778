// code-server for the end-to-end test: installing the .vsix, starting it on a free loopback port in its own process
// group, and stopping it with everything it started. Every process the test starts carries a marker variable in its
// environment, so processes that left the group (Chromium's crash handler, setsid'd helpers) are found and ended too.
import * as fs from 'node:fs';
import { freePort } from '../../helpers.js';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';

/** NAME=value in the environment of every process this run starts. */
export const MARKER_NAME = 'STROOM_CODE_SERVER_TEST_RUN';
export const MARKER = randomUUID();

export interface Dirs {
    readonly userData: string;
    readonly extensions: string;
    readonly xdgData: string;
    readonly xdgConfig: string;
    readonly log: string;
}

/** Fresh user-data, extensions and XDG folders under root, with settings that keep prompts off the editor. */
export function prepareDirs(root: string): Dirs {
    const dirs: Dirs = {
        userData: path.join(root, 'user-data'),
        extensions: path.join(root, 'extensions'),
        xdgData: path.join(root, 'xdg-data'),
        xdgConfig: path.join(root, 'xdg-config'),
        log: path.join(root, 'code-server.log'),
    };
    for (const dir of [dirs.extensions, dirs.xdgData, dirs.xdgConfig, path.join(dirs.userData, 'User')]) fs.mkdirSync(dir, { recursive: true });
    const settings = {
        // The welcome page, trust prompt and git scan would cover the editor or slow the start.
        'workbench.startupEditor': 'none',
        'git.enabled': false,
        'security.workspace.trust.enabled': false,
        'extensions.ignoreRecommendations': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'workbench.tips.enabled': false,
        // VS Code in the browser saves after a delay by default; the desktop default (off) keeps typed errors unsaved.
        'files.autoSave': 'off',
        // The sticky header over the editor's first lines takes clicks meant for the text below it.
        'editor.stickyScroll.enabled': false,
    };
    fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    return dirs;
}

function environment(dirs: Dirs): NodeJS.ProcessEnv {
    return { ...process.env, XDG_DATA_HOME: dirs.xdgData, XDG_CONFIG_HOME: dirs.xdgConfig, [MARKER_NAME]: MARKER };
}

function commonArgs(dirs: Dirs): string[] {
    return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** `code-server --install-extension` into the test's own folders; throws with its output when it fails. */
export function installExtension(bin: string, vsix: string, dirs: Dirs): string {
    const r = spawnSync(bin, [...commonArgs(dirs), '--install-extension', vsix], {
        env: environment(dirs), encoding: 'utf8', timeout: 180000, killSignal: 'SIGKILL',
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) {
        throw new Error(`code-server --install-extension ${vsix} failed (status ${r.status}, ${r.error?.message ?? 'no error'}):\n${out}`);
    }
    return out;
}

export interface Running {
    readonly url: string;
    readonly pid: number;
    log(): string;
}

/** Starts code-server on a free loopback port in a new process group and waits until /healthz answers. */
export async function startCodeServer(bin: string, folder: string, dirs: Dirs, timeoutMs = 120000): Promise<Running> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(dirs.log, 'a');
    const child = spawn(bin, [
        '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
        '--disable-workspace-trust', ...commonArgs(dirs), folder,
    ], { detached: true, env: environment(dirs), stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const readLog = () => (fs.existsSync(dirs.log) ? fs.readFileSync(dirs.log, 'utf8') : '');
    let exited: number | string | null | undefined;
    child.on('exit', (code, signal) => { exited = code ?? signal; });
    child.on('error', (e) => { exited = e.message; });
    if (!child.pid) throw new Error(`code-server did not start: ${bin}`);
    const running: Running = { url, pid: child.pid, log: readLog };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (exited !== undefined) throw new Error(`code-server exited (${exited}) before answering:\n${readLog()}`);
        try {
            const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
            if (r.ok) return running;
        } catch { /* not listening yet */ }
        await new Promise((r) => setTimeout(r, 500));
    }
    stopGroupNow(child.pid);
    throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${readLog()}`);
}

function groupAlive(pgid: number): boolean {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Kills the whole process group at once (for process exit, where nothing can be awaited). */
export function stopGroupNow(pgid: number): void {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
}

/** SIGTERM to the group, SIGKILL to what is left after graceMs. */
export async function stopGroup(pgid: number, graceMs = 10000): Promise<void> {
    try { process.kill(-pgid, 'SIGTERM'); } catch { return; }
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive(pgid)) stopGroupNow(pgid);
}

/** Processes (pid and command line) whose environment carries this run's marker. */
export function markedProcesses(): { pid: number; command: string }[] {
    const found: { pid: number; command: string }[] = [];
    const wanted = `${MARKER_NAME}=${MARKER}`;
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const env = fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
            if (!env.includes(wanted)) continue;
            const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
            found.push({ pid: Number(entry), command });
        } catch { /* gone, or not ours to read */ }
    }
    return found;
}

/** Kills (SIGKILL, by pid) every process still carrying the marker; returns what it found. */
export function killMarked(): { pid: number; command: string }[] {
    const left = markedProcesses();
    for (const p of left) {
        try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
    }
    return left;
}
