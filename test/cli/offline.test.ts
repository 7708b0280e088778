// Nothing tries to connect anywhere: every command, and the language server, runs in a network namespace that has
// no network (`unshare -n`: only a loopback device, and it is down) and gives the same figures there as outside.
// Failing to connect does not prove that no attempt is made, so each process also runs under strace, and its trace
// may hold no connection or datagram to an address off the machine. unshare needs root (CAP_SYS_ADMIN): without it
// the suite is skipped, and with STROOM_REQUIRE_OFFLINE=1 (set by .ci/run, which installs strace) it fails instead.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
    createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, HoverRequest, InitializedNotification,
    InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
    type Hover, type InitializeResult, type MarkupContent,
} from 'vscode-languageserver-protocol/node.js';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, STROOM_BIN, tempDir, writeFiles } from '../helpers.js';

const REQUIRED = process.env.STROOM_REQUIRE_OFFLINE === '1';

/** How a process reaches another machine: a connection, or a datagram sent to an address (UDP needs no connect). */
const TRACED = 'connect,sendto,sendmsg,sendmmsg,socket';
/**
 * Address families that never leave the machine, so connecting or sending to them is allowed: AF_UNIX/AF_LOCAL
 * (glibc asks nscd at /var/run/nscd/socket for user and host data; node may use Unix sockets for IPC) and
 * AF_NETLINK (the kernel's own interface and route queries). Any other, AF_INET and AF_INET6 first, is an attempt.
 */
const LOCAL_FAMILIES = new Set(['AF_UNIX', 'AF_LOCAL', 'AF_NETLINK']);

/** Why a command does not run, or undefined when it exits 0. */
function fails(argv: string[]): string | undefined {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
    if (r.error) return `\`${argv.join(' ')}\`: ${r.error.message}`;
    return r.status === 0 ? undefined : `\`${argv.join(' ')}\` exits ${r.status}: ${r.stderr.trim()}`;
}

/** The trace lines that reach for an address off the machine (connect, or a send naming the address). */
function networkAttempts(trace: string): string[] {
    return trace.split('\n').filter((line) => /\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line)
        && [...line.matchAll(/sa_family=(AF_\w+)/g)].some((m) => !LOCAL_FAMILIES.has(m[1])));
}

// Two processes at a time: the machine has two cores, and DuckDB and strace both use them.
let running = 0;
const waiting: Array<() => void> = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
    while (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
        return await work();
    } finally {
        running--;
        waiting.shift()?.();
    }
}

let strace: string[] | undefined; // the strace command before `-o FILE`, when strace is there
let traces = '';
let traceCount = 0;

interface Run {
    readonly command: string;
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
    /** What strace wrote, when it ran. */
    readonly trace?: string;
}

/** Starts `stroom args` in the offline namespace (under strace when there), or outside it. */
function launch(args: readonly string[], cwd: string, offline: boolean): { child: ChildProcessWithoutNullStreams; done: Promise<Run> } {
    const trace = offline && strace ? path.join(traces, `${++traceCount}.trace`) : undefined;
    const node = [process.execPath, STROOM_BIN, ...args];
    const argv = offline ? ['unshare', '-n', ...(trace ? [...strace!, '-o', trace] : []), ...node] : node;
    const command = argv.join(' ');
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', (e) => { stderr += e.message; });
    const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({
        command, status: code ?? -1, stdout, stderr,
        ...(trace ? { trace: fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '' } : {}),
    })));
    return { child, done };
}

function stroom(args: readonly string[], cwd: string, offline = true): Promise<Run> {
    return slot(() => launch(args, cwd, offline).done);
}

/** The command exits 0 and, when traced, made no network attempt. */
function assertWorksOffline(r: Run): void {
    assert.equal(r.status, 0, `${r.command}\nexit ${r.status}\n${r.stderr}`);
    assertNoAttempt(r);
}

function assertNoAttempt(r: Run): void {
    if (r.trace === undefined) return;
    // strace ends the trace with the exit of each process, so an empty one means strace did not trace.
    assert.match(r.trace, /exited with/, `${r.command}: strace wrote no trace`);
    assert.deepEqual(networkAttempts(r.trace), [], `${r.command} tried to reach the network`);
}

interface LspRun extends Run {
    readonly init: InitializeResult;
    readonly hover: Hover | null;
}

/** The language server in the namespace as an editor meets it: initialize, open, hover on an indicator, shutdown. */
function lsp(root: string): Promise<LspRun> {
    return slot(async () => {
        const { child, done } = launch(['lsp', '--stdio'], root, true);
        const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
        const file = path.join(root, 'havo-hbo.stroom');
        const uri = pathToFileURL(file).toString();
        const published = new Promise<void>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) resolve(); }));
        connection.onRequest(() => null); // configuration, registration, progress: an editor without settings
        connection.onError(() => { /* a dead server shows in the timeouts and the exit status */ });
        connection.listen();
        // A wait ends with the answer, with the server's exit (an error, except when waiting for the exit) or after 60 s.
        const exited = (what: string) => done.then((r): never => { throw new Error(`the server exited (${r.status}) before ${what}\n${r.stderr}`); });
        const within = <T>(what: string, p: Promise<T>, orExit: Promise<T> = exited(what)): Promise<T> => Promise.race([p, orExit,
            new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 60 s`)), 60_000).unref())]);
        try {
            const rootUri = pathToFileURL(root).toString();
            const init = await within('the initialize result', connection.sendRequest(InitializeRequest.type, {
                processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'examples' }],
                capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
            }));
            await connection.sendNotification(InitializedNotification.type, {});
            const text = fs.readFileSync(file, 'utf8');
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'stroom', version: 1, text } });
            await within('diagnostics for havo-hbo.stroom', published);
            const lines = text.slice(0, text.indexOf('indicator UitvalCBS') + 'indicator Uit'.length).split('\n');
            const hover = await within('the hover', connection.sendRequest(HoverRequest.type, {
                textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length },
            }));
            await within('the shutdown result', connection.sendRequest(ShutdownRequest.type));
            await connection.sendNotification(ExitNotification.type);
            return { ...await within('exit', done, done), init, hover };
        } finally {
            connection.dispose();
            child.kill();
        }
    });
}

/** A one-source workspace whose CSV file has an encoding DuckDB does not ship (it is an extension). */
const FOREIGN_ENCODING = {
    'stroom.json': '{}\n',
    ...MINI_CSV,
    'src.stroom': MINI_SOURCE.replace('file enr csv "data/enr.csv"', 'file enr csv "data/enr.csv" encoding "shift_jis"'),
    'uitval.stroom': MINI_INDICATOR,
};

describe('offline: every command in a network namespace without network, with no attempt to connect', function () {
    this.timeout(180_000);
    let work: string;
    const results = new Map<string, Promise<Run>>();
    let server: Promise<LspRun>;
    const result = (name: string): Promise<Run> => results.get(name)!;

    before(function () {
        const noNamespace = fails(['unshare', '-n', 'true']);
        if (noNamespace) {
            if (REQUIRED) throw new Error(`STROOM_REQUIRE_OFFLINE=1 but no network namespace: ${noNamespace}`);
            console.log(`      SKIPPED: no network namespace (needs util-linux's unshare and root): ${noNamespace}`);
            this.skip();
        }
        // The namespace really is cut off: no interface with an address (lo exists but is down).
        const interfaces = spawnSync('unshare', ['-n', process.execPath, '-p', 'JSON.stringify(require("os").networkInterfaces())'], { encoding: 'utf8' });
        assert.equal(interfaces.stdout.trim(), '{}', `interfaces inside the namespace: ${interfaces.stdout}${interfaces.stderr}`);

        // --seccomp-bpf stops only at the traced calls (much faster); older strace lacks it.
        const bpf = fails(['strace', '-f', '--seccomp-bpf', '-e', `trace=${TRACED}`, '-o', '/dev/null', 'true']) ? [] : ['--seccomp-bpf'];
        const noStrace = bpf.length ? undefined : fails(['strace', '-f', '-e', `trace=${TRACED}`, '-o', '/dev/null', 'true']);
        if (noStrace) {
            if (REQUIRED) throw new Error(`STROOM_REQUIRE_OFFLINE=1 but strace does not run: ${noStrace}`);
            console.log(`      strace part SKIPPED (commands only run in the namespace): ${noStrace}`);
        } else {
            strace = ['strace', '-f', ...bpf, '-e', `trace=${TRACED}`];
        }
        traces = tempDir('stroom-offline-trace-');

        // A copy of examples/, so nothing a command writes lands in the repository. Everything starts now, two at a
        // time, slowest first; each `it` waits for its own.
        work = tempDir('stroom-offline-');
        fs.cpSync(EXAMPLES, work, { recursive: true });
        const commands: Record<string, string[]> = {
            test: ['test', 'tests'],
            lint: ['lint', '.'],
            compile: ['compile', 'havo-hbo.stroom'],
            'run table': ['run', 'havo-hbo.stroom'],
            'run json': ['run', 'havo-hbo.stroom', '--format', 'json'],
            'explain md': ['explain', 'havo-hbo.stroom', '--format', 'md'],
            'explain html': ['explain', 'havo-hbo.stroom', '--format', 'html'],
            funnel: ['funnel', 'havo-hbo.stroom'],
            'compare text': ['compare', 'compare.stroom'],
            'compare html': ['compare', 'compare.stroom', '--format', 'html'],
            generate: ['generate', '--persons', '50', '--out', path.join(work, 'generated')],
            docs: ['docs', '.', '--out', path.join(work, 'docs-site')],
        };
        for (const [name, args] of Object.entries(commands)) results.set(name, stroom(args, work));
        server = lsp(work);
        // The same runs outside the namespace, for the figures.
        results.set('run table outside', stroom(commands['run table'], work, false));
        results.set('run json outside', stroom(commands['run json'], work, false));
    });

    // Let every started process finish before the temporary folders go, even when an `it` failed early.
    after(async () => { await Promise.allSettled([...results.values(), server]); });

    it('lint: the examples lint clean', async () => {
        const r = await result('lint');
        assertWorksOffline(r);
        assert.match(r.stderr, / 0 errors/);
    });

    it('compile: the SQL of havo-hbo.stroom', async () => {
        const r = await result('compile');
        assertWorksOffline(r);
        assert.match(r.stdout, /\bSELECT\b/);
        assert.match(r.stdout, /read_csv\(/);
    });

    it('run (table): the same figures as outside the namespace', async () => {
        const [inside, outside] = await Promise.all([result('run table'), result('run table outside')]);
        assertWorksOffline(inside);
        assert.equal(outside.status, 0, outside.stderr);
        assert.match(inside.stdout, /\d+\.\d%/, 'the table has rates');
        assert.equal(inside.stdout, outside.stdout);
    });

    it('run (json): the same results as outside the namespace (meta has timings and may differ)', async () => {
        const [inside, outside] = await Promise.all([result('run json'), result('run json outside')]);
        assertWorksOffline(inside);
        assert.equal(outside.status, 0, outside.stderr);
        const figures = (r: Run) => (JSON.parse(r.stdout) as { results: Array<{ rows: unknown[] }> }).results;
        assert.ok(figures(inside).some((x) => x.rows.length > 0), 'the run has rows');
        assert.deepEqual(figures(inside), figures(outside));
    });

    it('test: the example blocks of examples/tests pass', async () => {
        const r = await result('test');
        assertWorksOffline(r);
        assert.match(r.stdout, /\b[1-9]\d* passed, 0 failed/);
    });

    it('explain (md and html), with the funnel computed on the data', async () => {
        const md = await result('explain md');
        assertWorksOffline(md);
        assert.match(md.stdout, /^# /m);
        assert.match(md.stdout, /Trechter/);
        const html = await result('explain html');
        assertWorksOffline(html);
        assert.match(html.stdout, /^<!doctype html>/i);
    });

    it('funnel', async () => {
        const r = await result('funnel');
        assertWorksOffline(r);
        assert.match(r.stdout, /\d/);
    });

    it('compare (text and html) on examples/compare.stroom', async () => {
        const text = await result('compare text');
        assertWorksOffline(text);
        assert.match(text.stdout, /CBS vs OCW/);
        const html = await result('compare html');
        assertWorksOffline(html);
        assert.match(html.stdout, /^<!doctype html>/i);
        assert.match(html.stdout, /CBS vs OCW/);
    });

    it('generate --persons 50', async () => {
        const r = await result('generate');
        assertWorksOffline(r);
        assert.match(r.stderr, /generated 50 people/);
        assert.ok(fs.statSync(path.join(work, 'generated', 'inschrijvingen.csv')).size > 0);
    });

    it('docs --out: the documentation site', async () => {
        const r = await result('docs');
        assertWorksOffline(r);
        assert.match(r.stderr, /\d+ pages in /);
        assert.ok(fs.statSync(path.join(work, 'docs-site', 'index.html')).size > 0);
    });

    it('lsp --stdio: initialize, hover on an indicator, shutdown', async () => {
        const r = await server;
        assertWorksOffline(r);
        assert.ok(r.init.capabilities.hoverProvider, 'the server offers hover');
        assert.ok(r.hover, 'a hover on indicator UitvalCBS');
        assert.match((r.hover.contents as MarkupContent).value, /UitvalCBS/);
    });

    // DuckDB used to autoinstall its `encodings` extension here (a DNS lookup of its extension host); the engine now
    // opens DuckDB with extension autoinstall and autoload off.
    it('a CSV encoding DuckDB does not ship fails with a clear message and downloads nothing', async () => {
        const dir = writeFiles(FOREIGN_ENCODING);
        const r = await stroom(['run', 'uitval.stroom'], dir);
        assert.notEqual(r.status, 0, `${r.command} succeeded:\n${r.stdout}`);
        assert.match(r.stderr, /enr\.csv/);
        assert.match(r.stderr, /encoding/i);
        assert.match(r.stderr, /shift_jis/);
        assertNoAttempt(r);
    });
});
