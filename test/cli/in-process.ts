// Runs the stroom command line inside the test process (no Node start-up, modules loaded once): what it wrote to
// stdout as bytes, to stderr as text, and its exit code. For tests that call many commands or need a terminal on stdout.
import { main } from '../../packages/cli/src/main.js';
import { REPO, type CliResult } from '../helpers.js';

export interface InProcess {
    readonly status: number;
    readonly stdout: Buffer;
    readonly stderr: string;
}

export async function cli(args: readonly string[], options: { tty?: boolean } = {}): Promise<InProcess> {
    const out: Buffer[] = [];
    const err: string[] = [];
    const write = { out: process.stdout.write, err: process.stderr.write };
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const listeners = new Set(process.stdout.listeners('error'));
    const capture = (into: (chunk: string | Uint8Array) => void) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        into(chunk);
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture((c) => out.push(Buffer.from(c)));
    process.stderr.write = capture((c) => err.push(Buffer.from(c).toString('utf8')));
    Object.defineProperty(process.stdout, 'isTTY', { value: options.tty ?? false, configurable: true });
    try {
        const status = await main(['node', 'stroom', ...args]);
        return { status, stdout: Buffer.concat(out), stderr: err.join('') };
    } finally {
        process.stdout.write = write.out;
        process.stderr.write = write.err;
        if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
        else delete (process.stdout as { isTTY?: boolean }).isTTY;
        // main() adds an 'error' listener to stdout each call (guardStdout): only that one goes.
        for (const l of process.stdout.listeners('error')) if (!listeners.has(l)) process.stdout.off('error', l as (...a: unknown[]) => void);
    }
}

/**
 * `stroom args` in this process, answering like helpers.stroom (stdout as text) for tests about what a command prints
 * and exits with, not about the process: saves the Node start-up and module loading of a spawn (about a second each).
 * Runs in `cwd` (process.chdir for the call) with NO_COLOR=1 and the given environment variables (undefined: unset),
 * restored afterwards. Calls must not overlap (await each).
 */
export async function stroomIn(args: readonly string[], cwd: string = REPO, env: Record<string, string | undefined> = {}): Promise<CliResult> {
    const before = process.cwd();
    const saved = Object.fromEntries(Object.keys({ NO_COLOR: '', ...env }).map((k) => [k, process.env[k]]));
    const set = (vars: Record<string, string | undefined>) => {
        for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    };
    set({ NO_COLOR: '1', ...env });
    process.chdir(cwd);
    try {
        const r = await cli(args);
        return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
    } finally {
        process.chdir(before);
        set(saved);
    }
}
