// What `stroom --version` and `--help` read: only the command line (commander, main.ts, output.ts). Langium, the
// language package, DuckDB and pg are loaded by the commands that need them, so asking for the version or the usage
// answers as fast as Node starts. Checked by the files the process loads (test/cli/loaded-modules.mjs), not by time.
// The published bundle is checked the same way in package.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, STROOM_BIN, loadedModules } from '../helpers.js';

/** Files of the heavy parts: the language package (and with it Langium and its parser), DuckDB's API, pg, the xlsx writer. */
const HEAVY = /\/packages\/language\/|\/node_modules\/(langium|chevrotain|@duckdb|pg|pg-[a-z-]+|vscode-languageserver[a-z-]*|write-excel-file|fflate)\//;

function heavy(files: readonly string[]): string[] {
    return files.filter((f) => HEAVY.test(f));
}

describe('start-up: --version and --help load neither Langium, the language package, DuckDB nor pg', function () {
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', 'cli', 'package.json'), 'utf8')).version;

    it('--version prints the version and loads only the command line', function () {
        const r = loadedModules([process.execPath, STROOM_BIN, '--version']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), version);
        assert.ok(r.files.some((f) => f.endsWith('/packages/cli/bin/stroom.js')), `the hook recorded nothing useful: ${r.files.join(', ')}`);
        assert.deepEqual(heavy(r.files), []);
    });

    for (const args of [['--help'], ['run', '--help'], ['help', 'compare']]) {
        it(`${args.join(' ')} prints the usage and loads only the command line`, function () {
            const r = loadedModules([process.execPath, STROOM_BIN, ...args]);
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /^Usage: stroom/);
            assert.deepEqual(heavy(r.files), []);
        });
    }

    it('a command that needs the language does load it (the check above sees these files when they load)', function () {
        const r = loadedModules([process.execPath, STROOM_BIN, 'lint', path.join(REPO, 'examples', 'havo-hbo.stroom')]);
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        const found = heavy(r.files);
        assert.ok(found.some((f) => f.includes('/node_modules/langium/')), 'lint did not load Langium');
        assert.ok(found.some((f) => f.includes('/packages/language/')), 'lint did not load the language package');
    });
});
