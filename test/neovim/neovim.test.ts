// A real third-party editor as the client: headless Neovim (Debian's `neovim`, 0.7 on Debian 12) starts
// `stroom lsp --stdio` with its built-in LSP client, opens files of a small workspace, and asks what a user asks:
// the diagnostics on a broken line, go to definition, completion, hover. test/neovim/driver.lua does the Neovim side
// and writes what Neovim saw as JSON; this file checks it. Without Neovim (STROOM_NVIM or `nvim` on PATH) the test is
// skipped, loudly, unless STROOM_REQUIRE_NEOVIM=1 (set by .ci/run, which installs it).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { diagnosticCode } from '@stroom/language';
import { MINI_CSV, MINI_SOURCE, REPO, STROOM_BIN, tempDir, writeFiles } from '../helpers.js';

const NVIM = process.env.STROOM_NVIM || 'nvim';
const DRIVER = path.join(REPO, 'test', 'neovim', 'driver.lua');
/** Each wait inside Neovim (initialize, diagnostics, every request); the whole run gets a margin on top. */
const WAIT_MS = 30_000;
const RUN_MS = 120_000;

const COHORTS = `package nvim_test

/// First-year hbo students.
cohort Eerstejaars "Eerstejaars hbo" {
    sector hbo
    entry first in sector hbo
    inflow any
    mode fulltime
    peildatum 1 october
    years 2016..2023
}
`;

const INDICATORS = `package nvim_test

/// Uitval after one year; a switch counts as uitval.
indicator Uitval "Uitval na 1 jaar" {
    cohort Eerstejaars
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    diploma counts as success
    unit person
}
`;

/** `mesure` on line 5 (1-based): a parse error there. */
const BROKEN = `package nvim_test

indicator Kapot {
    cohort Eerstejaars
    mesure dropout
    after 1 year
}
`;
const BROKEN_LINE = 4; // 0-based, as LSP and vim.diagnostic count

/** Someone typing a new indicator: the cursor after `cohort `. */
const TYPING = `package nvim_test

indicator Nieuw {
    cohort 
}
`;

interface Position { line: number; character: number }
interface Range { start: Position; end: Position }

function positionOf(text: string, needle: string, delta = 0): Position {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `'${needle}' not in the text`);
    const before = text.slice(0, offset + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

interface NvimDiagnostic { lnum: number; col: number; severity: number; message: string; code?: string | number }
interface Seen {
    version: { major: number; minor: number; patch: number };
    published: { uri: string; diagnostics: Diagnostic[] }[];
    diagnostics: Record<string, NvimDiagnostic[] | Record<string, never>>;
    requests: Record<string, { result?: unknown; error?: unknown }>;
    jumped?: { file: string; line: number; character: number; text: string };
    exit?: { code: number; signal: number } | string;
    failure?: string;
}

interface Run { status: number | null; signal: NodeJS.Signals | null; output: string; timedOut: boolean; ms: number }

/** Runs Neovim headless on the driver; kills its process group (Neovim and the server it started) on timeout. */
function runNvim(env: NodeJS.ProcessEnv): Promise<Run> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
        const child = spawn(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${DRIVER}`], {
            cwd: env.STROOM_NVIM_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
        });
        let output = '';
        child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
        child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
        }, RUN_MS);
        child.on('error', (e) => { clearTimeout(timer); reject(e); });
        child.on('close', (status, signal) => {
            clearTimeout(timer);
            resolve({ status, signal, output, timedOut, ms: performance.now() - t0 });
        });
    });
}

describe('Neovim as the client of `stroom lsp --stdio`', function () {
    let seen: Seen;
    let run: Run;
    let root: string;
    let home: string;

    /** Neovim's output and the tail of its LSP log, for every failure message. */
    const context = (): string => {
        const logs = [path.join(home, 'cache', 'nvim', 'lsp.log'), path.join(home, 'state', 'nvim', 'lsp.log')]
            .filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8').split('\n').slice(-60).join('\n'));
        return `\n--- nvim exit ${run?.status ?? run?.signal}${run?.timedOut ? ' (killed after timeout)' : ''}, output:\n${run?.output}`
            + `\n--- lsp.log (tail):\n${logs.join('\n') || '(none)'}`
            + `\n--- results:\n${JSON.stringify(seen, null, 1)?.slice(0, 6000)}`;
    };

    before(async function () {
        const probe = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
        if (probe.error || probe.status !== 0) {
            const why = `Neovim not found (${NVIM}: ${probe.error?.message ?? probe.stderr}); install it (apt-get install neovim) or set STROOM_NVIM`;
            if (process.env.STROOM_REQUIRE_NEOVIM === '1') throw new Error(`STROOM_REQUIRE_NEOVIM=1 but ${why}`);
            console.warn(`    skipped: ${why}`);
            this.skip();
        }

        root = writeFiles({
            ...MINI_CSV,
            'stroom.json': JSON.stringify({ defaultSource: 'src.Mini' }),
            'source.stroom': MINI_SOURCE,
            'cohorts.stroom': COHORTS,
            'indicators.stroom': INDICATORS,
            'kapot.stroom': BROKEN,
            'nieuw.stroom': TYPING,
        }, tempDir('stroom-nvim-'));
        home = tempDir('stroom-nvim-home-');
        const out = path.join(home, 'results.json');
        const plan = {
            cmd: [process.execPath, STROOM_BIN, 'lsp', '--stdio'],
            root,
            // cohorts.stroom stays closed: the server finds it in the workspace, and the jump opens it.
            open: ['indicators.stroom', 'kapot.stroom', 'nieuw.stroom'],
            waitDiagnostics: 'kapot.stroom',
            requests: [
                { name: 'definition', method: 'textDocument/definition', file: 'indicators.stroom', position: positionOf(INDICATORS, 'cohort Eerstejaars', 'cohort Eerst'.length) },
                { name: 'completion', method: 'textDocument/completion', file: 'nieuw.stroom', position: positionOf(TYPING, 'cohort ', 'cohort '.length) },
                { name: 'hover', method: 'textDocument/hover', file: 'indicators.stroom', position: positionOf(INDICATORS, 'indicator Uitval', 'indicator Uit'.length) },
            ],
            jump: 'definition',
            out,
            timeout: WAIT_MS,
        };
        const planFile = path.join(home, 'plan.json');
        fs.writeFileSync(planFile, JSON.stringify(plan));
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            STROOM_NVIM_PLAN: planFile,
            STROOM_NVIM_ROOT: root,
            // Neovim's files (the LSP log among them) in the temporary home, not the user's.
            XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'),
            XDG_CACHE_HOME: path.join(home, 'cache'), XDG_STATE_HOME: path.join(home, 'state'),
            NO_COLOR: '1',
        };
        run = await runNvim(env);
        seen = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) as Seen : (undefined as unknown as Seen);
        assert.ok(!run.timedOut, `Neovim did not finish within ${RUN_MS} ms${context()}`);
        assert.ok(seen, `Neovim wrote no results${context()}`);
        assert.equal(seen.failure, undefined, `the driver failed${context()}`);
        assert.equal(run.status, 0, `Neovim exited with ${run.status}${context()}`);
        console.log(`    Neovim ${seen.version.major}.${seen.version.minor}.${seen.version.patch}: ${run.ms.toFixed(0)} ms for the whole session`);
    });

    it('shows the parse error on the broken line, as Neovim stores it (vim.diagnostic)', () => {
        const stored = Object.values(seen.diagnostics['kapot.stroom'] ?? {}) as NvimDiagnostic[];
        const onLine = stored.filter((d) => d.lnum === BROKEN_LINE);
        assert.ok(onLine.length > 0, `no diagnostic on line ${BROKEN_LINE + 1}: ${JSON.stringify(stored)}${context()}`);
        const [d] = onLine;
        assert.equal(d.severity, 1, 'an error'); // vim.diagnostic.severity.ERROR
        assert.equal(d.col, 4, 'at `mesure`');
        assert.match(d.message, /mesure/);
        // The code, from the notification Neovim received (a parse error carries it in `data`, as Langium sends it).
        const raw = seen.published.filter((p) => p.uri === pathToFileURL(path.join(root, 'kapot.stroom')).href).at(-1);
        assert.ok(raw, `no publishDiagnostics for kapot.stroom${context()}`);
        const codes = raw.diagnostics.filter((x) => x.range.start.line === BROKEN_LINE).map(diagnosticCode);
        assert.deepEqual(codes, ['parse-error'], `the diagnostics on line ${BROKEN_LINE + 1}: ${JSON.stringify(raw.diagnostics)}`);
        // The clean files have none.
        assert.deepEqual(Object.values(seen.diagnostics['indicators.stroom'] ?? {}), [], 'indicators.stroom is clean');
    });

    it('goes from the cohort reference to its declaration in the other (unopened) file, and Neovim jumps there', () => {
        const { result, error } = seen.requests.definition ?? {};
        assert.equal(error, undefined, `definition failed: ${JSON.stringify(error)}`);
        const locations = (Array.isArray(result) ? result : [result]).filter(Boolean) as Record<string, unknown>[];
        assert.equal(locations.length, 1, `one definition expected: ${JSON.stringify(result)}`);
        const loc = locations[0];
        const uri = (loc.targetUri ?? loc.uri) as string;
        const range = (loc.targetSelectionRange ?? loc.range) as Range;
        const declaration = positionOf(COHORTS, 'cohort Eerstejaars', 'cohort '.length);
        assert.equal(uri, pathToFileURL(path.join(root, 'cohorts.stroom')).href);
        assert.equal(range.start.line, declaration.line, `the declaration line: ${JSON.stringify(range)}`);
        assert.ok(seen.jumped, `Neovim did not jump${context()}`);
        assert.equal(path.basename(seen.jumped.file), 'cohorts.stroom');
        assert.equal(seen.jumped.line, declaration.line);
        assert.match(seen.jumped.text, /^cohort Eerstejaars /);
    });

    it('offers the cohort name where a cohort is expected', () => {
        const { result, error } = seen.requests.completion ?? {};
        assert.equal(error, undefined, `completion failed: ${JSON.stringify(error)}`);
        const items = (Array.isArray(result) ? result : (result as { items?: unknown[] } | undefined)?.items ?? []) as { label: string }[];
        const labels = items.map((i) => i.label);
        assert.ok(labels.includes('Eerstejaars'), `Eerstejaars not offered; offered: ${labels.join(', ')}`);
        assert.ok(!labels.includes('Uitval'), `an indicator is offered where a cohort belongs: ${labels.join(', ')}`);
    });

    it('shows the definition card on hover over the indicator name: its name and its peildatum', () => {
        const { result, error } = seen.requests.hover ?? {};
        assert.equal(error, undefined, `hover failed: ${JSON.stringify(error)}`);
        const contents = (result as { contents?: unknown } | undefined)?.contents;
        const value = typeof contents === 'string' ? contents : (contents as { value?: string } | undefined)?.value ?? '';
        assert.match(value, /Uitval/, `the hover does not name the indicator:\n${value}`);
        // Dutch by default: "de peildatum 1 oktober".
        const peildatum = value.split('\n').find((l) => /peildatum/i.test(l) && /1 (oktober|october)/i.test(l));
        assert.ok(peildatum, `the hover does not give the peildatum 1 oktober:\n${value}`);
    });

    it('stops the server cleanly when Neovim stops the client', () => {
        assert.equal(typeof seen.exit, 'object', `the server did not exit: ${JSON.stringify(seen.exit)}${context()}`);
        assert.equal((seen.exit as { code: number }).code, 0, `server exit: ${JSON.stringify(seen.exit)}`);
    });
});
