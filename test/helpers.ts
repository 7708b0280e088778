// Test helpers in one place: building workspaces from text, reading diagnostics, running the CLI.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { ast, createStroomServices, diagnosticCode, type StroomServices } from '@stroom/language';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES = path.join(REPO, 'examples');
/** The semantics contract's hand-worked cases, an in-repo copy kept in sync with the team's reference (test/spec/README.md). */
export const SPEC = path.join(REPO, 'test', 'spec');
/** DUO's published format descriptions, decode tables and demo files, with their licences (test/fixtures/duo/SOURCES.md). */
export const DUO = path.join(REPO, 'test', 'fixtures', 'duo');
export const STROOM_BIN = path.join(REPO, 'packages', 'cli', 'bin', 'stroom.js');

/** A fresh temporary folder, removed when the process exits. */
const temporary: string[] = [];
process.on('exit', () => { for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true }); });

export function tempDir(prefix = 'stroom-test-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
}

/** Writes files (relative name -> text) under dir, a fresh temporary folder unless given; returns the folder. */
export function writeFiles(files: Record<string, string>, dir = tempDir()): string {
    for (const [name, text] of Object.entries(files)) {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
    return dir;
}

export interface Built {
    readonly services: StroomServices;
    readonly documents: Record<string, LangiumDocument<ast.Model>>;
}

/**
 * Writes the given files (name -> text) into a temporary folder and builds them as one workspace. Non-.stroom
 * files (CSV data) are written too, so mappings can be checked against real headers.
 */
export async function build(files: Record<string, string>, dir = tempDir()): Promise<Built & { dir: string }> {
    const { shared, Stroom } = createStroomServices(NodeFileSystem);
    const documents: Record<string, LangiumDocument<ast.Model>> = {};
    writeFiles(files, dir);
    for (const [name, text] of Object.entries(files)) {
        if (!name.endsWith('.stroom')) continue;
        const doc = shared.workspace.LangiumDocumentFactory.fromString<ast.Model>(text, URI.file(path.join(dir, name)));
        shared.workspace.LangiumDocuments.addDocument(doc);
        documents[name] = doc;
    }
    await shared.workspace.DocumentBuilder.build(Object.values(documents), { validation: true });
    return { services: Stroom, documents, dir };
}

export interface Found {
    readonly code: string;
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    readonly line: number;
    readonly column: number;
    readonly text: string;
    readonly message: string;
}

/** Diagnostics of a document with 1-based positions and the text they cover. */
export function diagnostics(doc: LangiumDocument): Found[] {
    return (doc.diagnostics ?? []).map((d: Diagnostic) => ({
        code: diagnosticCode(d),
        severity: (['', 'error', 'warning', 'info', 'hint'] as const)[d.severity ?? 1] as Found['severity'],
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        text: doc.textDocument.getText(d.range),
        message: d.message,
    }));
}

export function codes(doc: LangiumDocument): string[] {
    return diagnostics(doc).map((d) => d.code);
}

export interface CliResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the real `stroom` command in a child process. */
export function stroom(args: readonly string[], cwd = REPO): CliResult {
    const r = spawnSync(process.execPath, [STROOM_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs a command (argv[0] the program) with test/cli/loaded-modules.mjs hooked in through NODE_OPTIONS, and returns
 * what it printed and the module files it loaded (file: URLs, each once, sorted): for tests of what start-up reads.
 */
export function loadedModules(argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult & { files: string[] } {
    const list = path.join(tempDir('stroom-loaded-'), 'loaded.txt');
    const hook = new URL('./cli/loaded-modules.mjs', import.meta.url).href;
    const base = options.env ?? { ...process.env, NO_COLOR: '1' };
    const env = { ...base, STROOM_LOADED_MODULES: list, NODE_OPTIONS: `${base.NODE_OPTIONS ?? ''} --import ${hook}`.trim() };
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: options.cwd ?? REPO, encoding: 'utf8', env });
    const files = fs.existsSync(list) ? [...new Set(fs.readFileSync(list, 'utf8').split('\n').filter(Boolean))].sort() : [];
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, files };
}

/** A minimal valid source over one CSV file, for tests that need a complete workspace. */
export const MINI_CSV = {
    'data/enr.csv': 'pid,brin,opl,sector,start,eind\np1,A,34001,HBO,20200901,\n',
};

export const MINI_SOURCE = `package src
source Mini {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo, "WO": wo }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`;

/** A complete cohort and dropout indicator over MINI_SOURCE, for tests that need something to run. */
export const MINI_INDICATOR = `package t
cohort C {
    entry first in sector hbo
    inflow any
    years 2020..2021
}
indicator Uitval {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
`;

/** A port on 127.0.0.1 that was free a moment ago (test servers: PostgreSQL, code-server). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Debian's Chromium, or STROOM_CHROMIUM. */
export const CHROMIUM = process.env.STROOM_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium for the page tests, with the flags that keep it off this machine's closed network; skips the
 * suite when Chromium is not installed, unless STROOM_REQUIRE_CHROMIUM=1 (CI), where that is an error.
 */
export async function launchChromiumOrSkip(suite: Mocha.Context): Promise<import('playwright-core').Browser> {
    if (!fs.existsSync(CHROMIUM)) {
        const why = `${CHROMIUM} not found (apt-get install chromium, or set STROOM_CHROMIUM)`;
        if (process.env.STROOM_REQUIRE_CHROMIUM === '1') throw new Error(`STROOM_REQUIRE_CHROMIUM=1 but ${why}`);
        console.warn(`      SKIPPED (Chromium): ${why}`);
        suite.skip();
    }
    const { chromium } = await import('playwright-core');
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
}

/** A running `stroom serve`: its address, and the process (stop it with kill('SIGINT'); `exited` has its exit code). */
export interface Served {
    readonly url: string;
    readonly port: number;
    readonly process: import('node:child_process').ChildProcess;
    readonly exited: Promise<number | null>;
}

/**
 * Starts `stroom serve --port 0` (the repository's CLI, or `command` such as an installed `stroom`) and resolves once
 * it has printed its address.
 */
export async function startServe(options: { command?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Served> {
    const { spawn } = await import('node:child_process');
    const [file, args] = options.command ? [options.command, ['serve', '--port', '0']] : [process.execPath, [STROOM_BIN, 'serve', '--port', '0']];
    const child = spawn(file, args, { cwd: options.cwd ?? REPO, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
        child.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
            if (m) resolve(m[0]);
        });
        void exited.then((code) => reject(new Error(`stroom serve exited with ${code}: ${out}${err}`)));
    });
    return { url, port: Number(new URL(url).port), process: child, exited };
}
