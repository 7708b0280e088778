// Runs the stroom command line inside the test process (no Node start-up, modules loaded once): what it wrote to
// stdout as bytes, to stderr as text, and its exit code. For tests that call many commands or need a terminal on stdout.
import { main } from '../../packages/cli/src/main.js';

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
