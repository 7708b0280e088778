// Every report format of every command goes to stdout, and with --out only to the file (stdout stays empty). The
// commands and their formats are read from the command line's own --help, so a format or command added later is
// checked too (a new command needs its sample arguments below, or the test says so).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { MINI_CSV, MINI_INDICATOR, MINI_SOURCE, writeFiles } from '../helpers.js';
import { cli } from './in-process.js';

/** Commands whose --format is not a report: `generate` writes data files into the folder --out must name. */
const NOT_REPORTS = new Set(['generate']);

const COMPARE = `${MINI_INDICATOR}
indicator Behoud {
    cohort C
    measure dropout
    after 1 year
    scope sector
    switchers count as retained
    switch within sectors hbo, wo
}
compare "Uitval vs Behoud" { Uitval, Behoud }
`;

async function help(args: readonly string[]): Promise<string> {
    const r = await cli([...args, '--help']);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.toString('utf8');
}

/** The choices of an option (`--format`, `--reporter`) as the help lists them; undefined when the command has none. */
function choices(text: string, option: string): string[] | undefined {
    const flat = text.replace(/\s+/g, ' ');
    const m = new RegExp(`${option} <\\w+> (.*?)(?= -\\w, --| --\\w|$)`).exec(flat);
    if (!m) return undefined;
    const list = /\(choices: ([^)]*?)(?:, default|\))/.exec(m[1]);
    return list ? [...list[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
}

describe('every --format and --reporter writes to stdout unless --out is given', function () {
    this.timeout(300_000);
    const dir = writeFiles({ 'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': COMPARE });
    const file = path.join(dir, 'uitval.stroom');
    /** Sample arguments per command (a file of the small workspace above). */
    const ARGS: Record<string, string[]> = {
        // lint prints nothing for a clean file: a definition with a parse error, in a workspace of its own.
        lint: [path.join(writeFiles({ 'stroom.json': '{}\n', 'kapot.stroom': 'cohort\n' }), 'kapot.stroom')], compile: [file], run: [file], 'check-data': [path.join(dir, 'src.stroom')], compare: [file],
        test: [file], explain: [file], funnel: [file], diff: ['HEAD', '--no-data'],
    };
    // diff reads the git repository of the current folder: the workspace above, committed, then one choice changed.
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'v1');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('switchers count as retained', 'switchers count as dropout'));
    const inFolder = async <T>(command: string, f: () => Promise<T>): Promise<T> => {
        if (command !== 'diff') return f();
        const before = process.cwd();
        process.chdir(dir);
        try { return await f(); } finally { process.chdir(before); }
    };

    it('holds for each command and format', async () => {
        const top = await help([]);
        const commands = [...top.replace(/^[\s\S]*?Commands:\n/, '').matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
        assert.ok(commands.includes('run') && commands.includes('funnel'), commands.join(', '));
        let checked = 0;
        for (const command of commands) {
            if (NOT_REPORTS.has(command)) continue;
            const text = await help([command]);
            for (const option of ['--format', '--reporter']) {
                const formats = choices(text, option);
                if (!formats) continue;
                assert.ok(formats.length > 0, `${command} ${option}: no choices listed`);
                assert.match(text, /--out <file>/, `${command} has ${option} but no --out`);
                const args = ARGS[command];
                assert.ok(args, `${command} has ${option}: add sample arguments for it to ARGS in this test`);
                for (const format of formats) {
                    const shown = `${command} ${option} ${format}`;
                    const plain = await inFolder(command, () => cli([command, ...args, option, format]));
                    assert.ok(plain.status <= 1, `${shown}: exit ${plain.status}: ${plain.stderr}`);
                    assert.ok(plain.stdout.length > 0, `${shown}: nothing on stdout`);
                    const out = path.join(dir, `out-${command}-${format}`);
                    const toFile = await inFolder(command, () => cli([command, ...args, option, format, '--out', out]));
                    assert.equal(toFile.status, plain.status, `${shown} --out: ${toFile.stderr}`);
                    assert.equal(toFile.stdout.length, 0, `${shown} --out: wrote to stdout too: ${toFile.stdout.toString('utf8').slice(0, 200)}`);
                    assert.ok(fs.existsSync(out) && fs.statSync(out).size > 0, `${shown} --out: no file`);
                    checked++;
                }
            }
        }
        // run (table, csv, json, md, html, xlsx), funnel, explain, compare, check-data at least.
        assert.ok(checked >= 16, `${checked} formats checked`);
    });
});
