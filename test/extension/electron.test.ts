// The extension inside a real VS Code (@vscode/test-electron): activation, commands, code lenses, diagnostics (the
// checks are in electron/suite.ts). VS Code cannot be downloaded here, so the suite runs only when VSCODE_EXECUTABLE
// names an installed VS Code (or Code - OSS) executable, and is reported as skipped otherwise.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { EXAMPLES, REPO, tempDir } from '../helpers.js';

describe('the extension in VS Code (@vscode/test-electron)', function () {
    this.timeout(600000);

    it('activates, registers its commands and shows code lenses', async function () {
        const executable = process.env.VSCODE_EXECUTABLE;
        if (!executable) {
            console.warn('      SKIPPED (VS Code): set VSCODE_EXECUTABLE to a VS Code executable to run the extension suite');
            this.skip();
        }
        assert.ok(fs.existsSync(executable!), `VSCODE_EXECUTABLE=${executable} does not exist`);
        const { buildExtension } = await import(path.join(REPO, 'esbuild.mjs')) as { buildExtension: () => Promise<string> };
        await buildExtension();
        const out = tempDir('stroom-vscode-');
        const suite = path.join(out, 'suite.cjs');
        await esbuild.build({
            entryPoints: [path.join(REPO, 'test', 'extension', 'electron', 'suite.ts')], outfile: suite,
            bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning',
        });
        const { runTests } = await import('@vscode/test-electron');
        const code = await runTests({
            vscodeExecutablePath: executable!,
            extensionDevelopmentPath: path.join(REPO, 'packages', 'extension'),
            extensionTestsPath: suite,
            launchArgs: [EXAMPLES, '--disable-extensions', '--disable-gpu', '--no-sandbox', `--user-data-dir=${path.join(out, 'user')}`],
        });
        assert.equal(code, 0);
    });
});
