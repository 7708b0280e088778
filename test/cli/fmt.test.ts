// stroom fmt: rewrites files in the canonical layout (keeping comments, line endings, BOM and mode), --check lists
// what is not formatted, a parse error names line and column and leaves the file alone, standard input works, and the
// result is the editor's formatting to the character.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLES, REPO, STROOM_BIN, tempDir, writeFiles } from '../helpers.js';
import { LspClient, applyEdits } from '../lsp/client.js';
import { main } from '../../packages/cli/src/main.js';

// Untidy on purpose: spacing, indentation, three blank lines, comments of both kinds in awkward places.
const UNTIDY = `package rommel
// the cohort
cohort   Rommel    "Rommelig"{
  sector hbo   // only hbo
      entry first in sector hbo   inflow any
/* a block
   comment, kept as it is */
  years    2016..2023 }



indicator   RommelUitval { cohort Rommel measure dropout
after 1 year
        by institution,sector}
`;

const TIDY = `package rommel
// the cohort
cohort Rommel "Rommelig" {
    sector hbo // only hbo
    entry first in sector hbo
    inflow any
    /* a block
   comment, kept as it is */
    years 2016..2023
}

indicator RommelUitval {
    cohort Rommel
    measure dropout
    after 1 year
    by institution, sector
}
`;

function fmtStdin(input: string, ...args: string[]) {
    const r = spawnSync(process.execPath, [STROOM_BIN, 'fmt', ...args, '-'], { cwd: REPO, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process (spawning costs a second or more each): its exit code and what it wrote. */
async function inProcess(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    const here = process.cwd();
    process.stdout.write = ((chunk: string) => { out.stdout += chunk; return true; }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => { out.stderr += chunk; return true; }) as typeof process.stderr.write;
    process.chdir(cwd);
    try {
        const status = await main(['node', 'stroom', ...args]);
        return { status, ...out };
    } finally {
        process.chdir(here);
        process.stdout.write = writes.stdout;
        process.stderr.write = writes.stderr;
    }
}

describe('stroom fmt', function () {
    this.timeout(60_000);

    it('the example workspace is formatted (--check exits 0)', async () => {
        const r = await inProcess(['fmt', '--check', EXAMPLES], REPO);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.equal(r.stdout, '');
    });

    it('--check lists unformatted files and exits 1 without changing them; fmt rewrites them, keeping mode, and says which', async () => {
        const dir = writeFiles({ 'a/rommel.stroom': UNTIDY, 'a/netjes.stroom': TIDY.replace('package rommel', 'package netjes').replace(/Rommel/g, 'Netjes'),
            '.hidden/x.stroom': UNTIDY, 'node_modules/p/x.stroom': UNTIDY });
        const file = path.join(dir, 'a', 'rommel.stroom');
        fs.chmodSync(file, 0o640);
        const check = await inProcess(['fmt', '--check'], dir);
        assert.equal(check.status, 1, check.stderr);
        assert.equal(check.stdout, `${path.join('a', 'rommel.stroom')}\n`);
        assert.equal(fs.readFileSync(file, 'utf8'), UNTIDY);

        const write = await inProcess(['fmt', 'a'], dir);
        assert.equal(write.status, 0, write.stderr);
        assert.equal(write.stdout, `${path.join('a', 'rommel.stroom')}\n`);
        assert.equal(fs.readFileSync(file, 'utf8'), TIDY);
        assert.equal(fs.statSync(file).mode & 0o777, 0o640);
        assert.deepEqual(fs.readdirSync(path.join(dir, 'a')).sort(), ['netjes.stroom', 'rommel.stroom'], 'a temporary file was left');
        // Dot-folders and node_modules are not looked into.
        assert.equal(fs.readFileSync(path.join(dir, '.hidden', 'x.stroom'), 'utf8'), UNTIDY);
        assert.equal(fs.readFileSync(path.join(dir, 'node_modules', 'p', 'x.stroom'), 'utf8'), UNTIDY);
        assert.equal((await inProcess(['fmt', '--check', 'a'], dir)).status, 0);
    });

    it('keeps every comment, CRLF line endings and a BOM, from standard input to standard output', () => {
        const r = fmtStdin(UNTIDY);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, TIDY);
        const crlf = fmtStdin(`\uFEFF${UNTIDY.replace(/\n/g, '\r\n')}`);
        assert.equal(crlf.status, 0, crlf.stderr);
        assert.equal(crlf.stdout, `\uFEFF${TIDY.replace(/\n/g, '\r\n')}`);
        const unformatted = fmtStdin(UNTIDY, '--check');
        assert.equal(unformatted.status, 1);
        assert.equal(unformatted.stdout, '<stdin>\n');
    });

    it('a parse error: path:line:col, exit 2, the file untouched, the other files still formatted', async () => {
        const broken = 'cohort A {\n    sector hbo\n    years 2016.. \n}\n';
        const dir = writeFiles({ 'kapot.stroom': broken, 'rommel.stroom': UNTIDY });
        const r = await inProcess(['fmt', '.'], dir);
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /^kapot\.stroom:4:1: .*INT/m);
        assert.equal(fs.readFileSync(path.join(dir, 'kapot.stroom'), 'utf8'), broken);
        assert.equal(fs.readFileSync(path.join(dir, 'rommel.stroom'), 'utf8'), TIDY);
        const stdin = fmtStdin('cohort A {\n    sector ??? \n}\n');
        assert.equal(stdin.status, 2);
        assert.match(stdin.stderr, /^<stdin>:2:12: /m);
        assert.equal(stdin.stdout, '');
    });

    it('formats exactly as the editor does (textDocument/formatting), whatever the editor\'s tab settings', async () => {
        const texts: Record<string, string> = {
            'rommel.stroom': UNTIDY,
            'crlf.stroom': UNTIDY.replace('package rommel', 'package crlf').replace(/Rommel/g, 'Crlf').replace(/\n/g, '\r\n'),
            'havo.stroom': fs.readFileSync(path.join(EXAMPLES, 'havo-hbo.stroom'), 'utf8').replace(/\n {4}/g, '\n  ').replace(/ \{\n/g, '{\n'),
        };
        const client = await LspClient.start({ files: texts });
        try {
            const cli = await inProcess(['fmt', '.'], client.root);
            assert.equal(cli.status, 0, cli.stderr);
            assert.equal(cli.stdout.split('\n').filter(Boolean).length, 3, cli.stdout);
            for (const [file, text] of Object.entries(texts)) {
                await client.open(file, text);
                const formatted = fs.readFileSync(path.join(client.root, file), 'utf8');
                assert.notEqual(formatted, text);
                assert.equal(applyEdits(text, await client.formatting(file)), formatted, file);
                assert.equal(applyEdits(text, await client.formatting(file, { tabSize: 2, insertSpaces: false })), formatted, `${file}, tabs`);
            }
        } finally {
            await client.stop();
        }
    });

    it('refuses a path that does not exist', async () => {
        const r = await inProcess(['fmt', path.join(tempDir(), 'nope')], REPO);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /no such file or folder/);
    });
});
