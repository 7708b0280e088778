// An edit in one file and what the other files show afterwards: the server rebuilds only the files a change reaches
// (src/workspace/incremental.ts) and caches scopes per build, so these check that nothing stale survives an edit.
import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { diagnosticCode } from '@stroom/language';
import { MINI_CSV, MINI_SOURCE } from '../helpers.js';
import { LspClient, positionOf } from './client.js';

const CONVENTIONS = (extra = '', before = '') => `package conv
${before}
convention K {
    peildatum 1 october${extra}
}
`;

const USER = `package b
import src.Mini
import conv.K

cohort C {
    on Mini
    entry first in sector hbo
    inflow any
    years 2020..2021
}

indicator U using K {
    cohort C
    measure dropout
    after 2 years
    scope programme
    switchers count as dropout
}
`;

/** A file in the package of the conventions that does not reference them. */
const NEIGHBOUR = `package conv

convention L {
    peildatum 1 october
}
`;

const has = (code: string) => (d: Diagnostic[]) => d.some((x) => diagnosticCode(x) === code);
const lacks = (code: string) => (d: Diagnostic[]) => !has(code)(d);

describe('language server over stdio: an edit in one file, the diagnostics of the others', () => {
    let client: LspClient;
    before(async () => {
        client = await LspClient.start({ files: { ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'conv.stroom': CONVENTIONS(), 'b.stroom': USER, 'n.stroom': NEIGHBOUR } });
        await client.open('conv.stroom');
    });
    after(async () => { await client?.stop(); });

    /** Changes conv.stroom and waits for the diagnostics of `file` that satisfy `until`. */
    async function edit(text: string, file: string, until: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        const mark = client.published.length;
        await client.change('conv.stroom', text);
        return client.waitForDiagnostics(file, { after: mark, until });
    }

    it('a convention renamed: the indicator using it reports the unresolved reference, and no longer once the name is back', async () => {
        const gone = await edit(CONVENTIONS().replace('convention K', 'convention K2'), 'b.stroom', has('unresolved-reference'));
        assert.ok(gone.some((d) => diagnosticCode(d) === 'unresolved-reference' && /\bK\b/.test(d.message)), JSON.stringify(gone.map((d) => d.message)));
        await edit(CONVENTIONS(), 'b.stroom', lacks('unresolved-reference'));
    });

    it('a choice added to the convention: the indicator that sets it otherwise is told it overrides it, and no longer once removed', async () => {
        const found = await edit(CONVENTIONS('\n    after 1 year'), 'b.stroom', has('convention-override'));
        assert.match(found.find((d) => diagnosticCode(d) === 'convention-override')!.message, /conv\.stroom line 5/);
        // Lines added above the convention: the warning cites the clause's new line.
        const moved = await edit(CONVENTIONS('\n    after 1 year', '\n// two lines\n// of comment'), 'b.stroom',
            (d) => d.some((x) => diagnosticCode(x) === 'convention-override' && /line 7/.test(x.message)));
        assert.equal(moved.filter((d) => diagnosticCode(d) === 'convention-override').length, 1);
        await edit(CONVENTIONS(), 'b.stroom', lacks('convention-override'));
    });

    it('edits in quick succession, each cancelling the last: the other file ends in the state of the last text', async () => {
        const mark = client.published.length;
        for (let k = 0; k < 10; k++) await client.changeOnly('conv.stroom', CONVENTIONS().replace('convention K', `convention K${k}`));
        await client.changeOnly('conv.stroom', CONVENTIONS('\n    after 1 year'));
        await client.waitForDiagnostics('b.stroom', { after: mark, until: (d) => has('convention-override')(d) && lacks('unresolved-reference')(d) });
        await edit(CONVENTIONS(), 'b.stroom', lacks('convention-override'));
    });

    it('a name added in the same package by another file: the file that already defines it reports the duplicate', async () => {
        await edit(`${CONVENTIONS()}\nconvention L {\n    peildatum 1 october\n}\n`, 'n.stroom', has('duplicate-name'));
        await edit(CONVENTIONS(), 'n.stroom', lacks('duplicate-name'));
    });

    it('a comment put before the convention on its line: definition from the other file lands on the name\'s new column', async () => {
        const text = CONVENTIONS().replace('convention K', '/* moved */ convention K');
        await client.change('conv.stroom', text);
        const [target] = await client.definition('b.stroom', positionOf(USER, 'using K', 6));
        assert.ok(target, 'a definition for `using K`');
        assert.deepEqual(target.range.start, positionOf(text, 'K {'));
        await client.change('conv.stroom', CONVENTIONS());
    });

    it('elements added before the convention: definition and references from the other file follow it to its new place', async () => {
        const text = CONVENTIONS('', '\n// comment\nconvention Before {\n    peildatum 1 october\n}\n');
        await edit(text, 'b.stroom', () => true); // the convention's lines moved: b.stroom is checked again
        const [target] = await client.definition('b.stroom', positionOf(USER, 'using K', 6));
        assert.ok(target, 'a definition for `using K`');
        assert.equal(target.uri, client.uri('conv.stroom'));
        assert.equal(target.range.start.line, positionOf(text, 'convention K').line);
        const refs = await client.references('conv.stroom', positionOf(text, 'convention K', 11), false);
        assert.ok(refs.some((r) => r.uri === client.uri('b.stroom') && r.range.start.line === positionOf(USER, 'using K').line),
            JSON.stringify(refs.map((r) => [r.uri, r.range.start.line])));
        await client.change('conv.stroom', CONVENTIONS());
    });
});
