// The language server as an editor sees it: the real `stroom lsp --stdio` process, spoken to over JSON-RPC.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, DocumentSymbol, MarkupContent } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { diagnosticCode } from '@stroom/language';
import { EXAMPLES } from '../helpers.js';
import { applyEdits, cursor, LspClient, positionAt, positionOf, textAt } from './client.js';

const VALIDATOR_THREW = 'An error occurred during validation';

/** A self-contained cohort and an indicator that leaves `scope` open (and sets everything else), in package `pkg`. */
const noScope = (pkg: string) => `package ${pkg}

cohort C {
    entry first in sector hbo
    inflow any
}

indicator GeenScope {
    cohort C
    measure dropout
    after 1 year
    switchers count as dropout
}
`;

function show(diagnostics: Diagnostic[]): string {
    return JSON.stringify(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${diagnosticCode(d)} ${d.message}`), null, 1);
}

function missingScope(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter((d) => d.code === 'missing-choice' && (d.data as { choice?: string } | undefined)?.choice === 'scope');
}

describe('language server over stdio: the example workspace', () => {
    let client: LspClient;
    before(async () => { client = await LspClient.start({ examples: true }); });
    after(async () => { await client?.stop(); });

    describe('diagnostics', () => {
        it('reports a misspelt keyword as a parse error on its line', async () => {
            const { text } = cursor(`package tikfout
import regio_noord.HavoHbo
import conventions.CBS

indicator Tikfout using CBS {
    cohort HavoHbo
    <|>mesure dropout
    after 1 year
}
`);
            const found = await client.open('tikfout.stroom', text);
            const parse = found.filter((d) => diagnosticCode(d) === 'parse-error');
            assert.ok(parse.length > 0, `expected a parse error, got ${show(found)}`);
            assert.equal(parse[0].severity, 1, 'a parse error is an error');
            assert.equal(parse[0].range.start.line, 6, `the first parse error is on the line of 'mesure' (line 7): ${show(parse)}`);
            assert.equal(textAt(text, parse[0].range), 'mesure');
        });

        it('reports an indicator without scope as missing-choice on the indicator name', async () => {
            const text = noScope('zonder_scope');
            const found = await client.open('zonder-scope.stroom', text);
            const errors = found.filter((d) => d.severity === 1);
            assert.equal(errors.length, 1, `exactly one error expected: ${show(found)}`);
            const [d] = missingScope(errors);
            assert.ok(d, `expected missing-choice for scope: ${show(found)}`);
            assert.equal(d.range.start.line, 7);
            assert.equal(textAt(text, d.range), 'GeenScope');
            assert.match(d.message, /scope programme/);
        });

        for (const file of ['havo-hbo.stroom', 'conventions/published.stroom', 'sources/voorbeeld.stroom']) {
            it(`publishes no diagnostics for the clean example ${file}`, async () => {
                const found = await client.open(file);
                assert.deepEqual(found, [], show(found));
            });
        }
    });

    describe('completion', () => {
        it('offers clause keywords at an empty clause position inside an indicator', async () => {
            const { text, position } = cursor(`package aanvullen_a
import regio_noord.HavoHbo

indicator Nieuw {
    cohort HavoHbo
    <|>
}
`);
            await client.open('aanvullen-a.stroom', text);
            const labels = (await client.completion('aanvullen-a.stroom', position)).map((i) => i.label);
            for (const keyword of ['measure', 'scope', 'switchers', 'after']) {
                assert.ok(labels.includes(keyword), `'${keyword}' not offered; offered: ${labels.join(', ')}`);
            }
            assert.ok(!labels.includes('indicator'), `a top-level keyword is offered inside a body: ${labels.join(', ')}`);
        });

        it('offers the cohort names after `cohort ` inside an indicator', async () => {
            const { text, position } = cursor(`package aanvullen_b
import regio_noord.HavoHbo

indicator Nieuw {
    cohort <|>
}
`);
            await client.open('aanvullen-b.stroom', text);
            const labels = (await client.completion('aanvullen-b.stroom', position)).map((i) => i.label);
            assert.ok(labels.includes('HavoHbo'), `HavoHbo not offered; offered: ${labels.join(', ')}`);
            assert.ok(!labels.includes('UitvalCBS'), `an indicator is offered where a cohort belongs: ${labels.join(', ')}`);
        });
    });

    describe('go to definition', () => {
        it('goes from the cohort reference in UitvalCBS to the cohort declaration', async () => {
            const text = fs.readFileSync(path.join(client.root, 'havo-hbo.stroom'), 'utf8');
            await client.open('havo-hbo.stroom');
            const at = text.indexOf('cohort HavoHbo', text.indexOf('indicator UitvalCBS')) + 'cohort Havo'.length;
            const [target, ...more] = await client.definition('havo-hbo.stroom', positionAt(text, at));
            assert.ok(target, 'no definition found');
            assert.equal(more.length, 0);
            assert.equal(target.uri, client.uri('havo-hbo.stroom'));
            assert.equal(target.range.start.line, positionOf(text, 'cohort HavoHbo "').line);
            assert.equal(textAt(text, target.range), 'HavoHbo');
        });

        it('goes from `using CBS` to the convention in another file', async () => {
            const text = client.text('havo-hbo.stroom');
            const [target] = await client.definition('havo-hbo.stroom', positionOf(text, 'using CBS', 'using C'.length));
            assert.ok(target, 'no definition found');
            assert.equal(target.uri, client.uri('conventions/published.stroom'));
            const published = fs.readFileSync(path.join(client.root, 'conventions/published.stroom'), 'utf8');
            assert.equal(target.range.start.line, positionOf(published, 'convention CBS').line);
            assert.equal(textAt(published, target.range), 'CBS');
        });
    });

    describe('hover', () => {
        it('shows the definition card on an indicator name, with where each choice came from', async () => {
            const text = client.text('havo-hbo.stroom');
            const hover = await client.hover('havo-hbo.stroom', positionOf(text, 'indicator UitvalCBS', 'indicator Uit'.length));
            assert.ok(hover, 'no hover');
            const value = (hover.contents as MarkupContent).value;
            assert.equal((hover.contents as MarkupContent).kind, 'markdown');
            assert.match(value, /UitvalCBS/);
            // The explanation `stroom explain` writes, in Dutch: one line per choice with the clause and its origin.
            const line = (clause: string) => value.split('\n').find((l) => l.includes(`(\`${clause}\`)`)) ?? '';
            assert.match(line('peildatum 1 october'), /conventie `CBS`/, `the peildatum says it comes from convention CBS:\n${value}`);
            assert.match(line('scope programme'), /conventie `CBS`/);
            assert.match(line('after 1 year'), /Vastgelegd in `indicator UitvalCBS`/);
        });
    });

    describe('document symbols', () => {
        it('lists the cohort and the indicators of havo-hbo.stroom', async () => {
            const text = client.text('havo-hbo.stroom');
            const symbols = await client.documentSymbols('havo-hbo.stroom') as DocumentSymbol[];
            const example = 'a havo pupil who switches programme inside hbo';
            assert.deepEqual(symbols.map((s) => s.name), ['HavoHbo', 'UitvalCBS', 'UitvalOCW', 'StudiewisselVH', 'Rendement5', example]);
            for (const s of symbols) assert.equal(textAt(text, s.selectionRange).replace(/^"|"$/g, ''), s.name);
            // Editors show cohorts, indicators and examples with different icons.
            assert.deepEqual(symbols.map((s) => s.kind), [SymbolKind.Class, SymbolKind.Function, SymbolKind.Function, SymbolKind.Function, SymbolKind.Function, SymbolKind.Event]);
        });
    });

    describe('formatting', () => {
        const SLORDIG = `package slordig
import conventions.CBS
cohort   Slordig    "Rommelig"{
sector hbo
      entry first in sector hbo   inflow any
  years    2016..2023 }
indicator   SlordigeUitval using CBS{ cohort Slordig measure dropout
after 1 year
        by institution,sector}
`;
        it('puts one clause per line, indented four spaces, and is stable when repeated', async () => {
            await client.open('slordig.stroom', SLORDIG);
            const edits = await client.formatting('slordig.stroom');
            assert.ok(edits.length > 0, 'no edits for a badly formatted file');
            const formatted = applyEdits(SLORDIG, edits);
            assert.deepEqual(formatted.split('\n').filter((l) => l.trim() !== ''), [
                'package slordig',
                'import conventions.CBS',
                'cohort Slordig "Rommelig" {',
                '    sector hbo',
                '    entry first in sector hbo',
                '    inflow any',
                '    years 2016..2023',
                '}',
                'indicator SlordigeUitval using CBS {',
                '    cohort Slordig',
                '    measure dropout',
                '    after 1 year',
                '    by institution, sector',
                '}',
            ], `formatted:\n${formatted}`);
            const found = await client.change('slordig.stroom', formatted);
            assert.deepEqual(found.filter((d) => diagnosticCode(d) === 'parse-error'), [], show(found));
            const again = await client.formatting('slordig.stroom');
            assert.equal(applyEdits(formatted, again), formatted, `formatting twice changed the text: ${JSON.stringify(again)}`);
        });
    });

    describe('code actions', () => {
        it('offers one quick fix per scope option; the first one fixes the file', async () => {
            const file = 'fix-scope.stroom';
            const text = noScope('fix_scope');
            const found = await client.open(file, text);
            const [missing] = missingScope(found);
            assert.ok(missing, `no missing-choice diagnostic for scope: ${show(found)}`);
            const actions = (await client.codeActions(file, missing.range, [missing])) as CodeAction[];
            assert.deepEqual(actions.map((a) => a.title.split(' — ')[0]),
                ['scope programme', 'scope institution', 'scope institution-programme', 'scope sector', 'scope education']);
            for (const a of actions) assert.equal(a.kind, 'quickfix');
            const changes = actions[0].edit?.changes?.[client.uri(file)];
            assert.ok(changes, `the first fix does not edit ${file}: ${JSON.stringify(actions[0].edit)}`);
            const fixed = applyEdits(text, changes);
            assert.match(fixed, /\n {4}switchers count as dropout\n {4}scope programme\n\}\n$/, fixed);
            const after = await client.change(file, fixed);
            assert.deepEqual(missingScope(after), [], show(after));
            assert.deepEqual(after, [], `the fixed file still has diagnostics: ${show(after)}`);
        });

        it('offers to keep the first value of a choice set twice, which fixes the file', async () => {
            const file = 'fix-twice.stroom';
            const text = noScope('fix_twice').replace(/\n\}\n$/, '\n    scope programme\n    scope sector\n}\n');
            const found = await client.open(file, text);
            const twice = found.filter((d) => diagnosticCode(d) === 'duplicate-clause');
            assert.equal(twice.length, 1, show(found));
            const actions = (await client.codeActions(file, twice[0].range, twice)) as CodeAction[];
            assert.deepEqual(actions.map((a) => a.title), ['Keep the first value (remove this line) / Houd de eerste waarde']);
            const fixed = applyEdits(text, actions[0].edit!.changes![client.uri(file)]);
            assert.match(fixed, /\n {4}scope programme\n\}\n$/, fixed);
            assert.deepEqual(await client.change(file, fixed), [], 'the fixed file has no diagnostics');
        });
    });
});

// ------------------------------------------------------------------ robustness

/** A small deterministic PRNG (mulberry32), so a failing text can be reproduced. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const EXAMPLE_FILES = ['havo-hbo.stroom', 'conventions/published.stroom', 'sources/voorbeeld.stroom']
    .map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));

/** Texts an editor sends while someone types, plus garbage: every example cut at many points, and mutations. */
function garbledTexts(): string[] {
    const next = random(20240901);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const texts: string[] = [];
    for (const text of EXAMPLE_FILES) {
        for (let cut = 0; cut < text.length; cut += 23) texts.push(text.slice(0, cut));
    }
    const tokens = EXAMPLE_FILES.join('\n').split(/(\s+|[{}(),:=])/).filter((t) => t !== '');
    for (let i = 0; i < 60; i++) {
        const base = pick(EXAMPLE_FILES).split(/(\s+|[{}(),:=])/).filter((t) => t !== '');
        // Drop, duplicate or replace a few tokens.
        for (let k = 0; k < 1 + Math.floor(next() * 4); k++) {
            const at = Math.floor(next() * base.length);
            const op = next();
            if (op < 0.4) base.splice(at, 1);
            else if (op < 0.7) base.splice(at, 0, base[at] ?? '');
            else base[at] = pick(tokens);
        }
        texts.push(base.join(''));
    }
    const alphabet = ['{', '}', '"', '..', ',', ':', '=', '(', ')', '\n', ' ', '0', '29', 'february', 'indicator', 'cohort',
        'convention', 'source', 'using', 'measure', 'scope', 'file', 'enrollments', 'from', 'X', 'hbo', '///', '/*', '.*', '-'];
    for (let i = 0; i < 30; i++) {
        const length = Math.floor(next() * 40);
        texts.push(Array.from({ length }, () => (next() < 0.8 ? pick(alphabet) : String.fromCharCode(32 + Math.floor(next() * 95)))).join(' '));
    }
    return texts;
}

describe('language server over stdio: robustness', () => {
    let client: LspClient;
    before(async () => { client = await LspClient.start({ examples: true }); });
    after(async () => { await client?.stop(); });

    it('publishes diagnostics for every garbled text, and no validator throws', async () => {
        const file = 'scratch/typing.stroom';
        await client.open(file, '');
        const problems: string[] = [];
        const texts = garbledTexts();
        for (const [i, text] of texts.entries()) {
            const found = await client.change(file, text); // rejects when the server dies or publishes nothing
            for (const d of found.filter((d) => d.message.includes(VALIDATOR_THREW))) {
                problems.push(`text #${i} ${JSON.stringify(text.slice(-80))}: line ${d.range.start.line + 1}: ${d.message.split('\n')[0]}`);
            }
        }
        assert.ok(client.running, 'the server died');
        assert.deepEqual(problems.slice(0, 10), [], `${problems.length} of ${texts.length} texts made a validator throw`);
    });

    it('answers hover, symbols and formatting on partial texts', async () => {
        const file = 'scratch/partial.stroom';
        const text = EXAMPLE_FILES[0];
        await client.open(file, '');
        const failures: string[] = [];
        for (let cut = 40; cut < text.length; cut += 97) {
            const partial = text.slice(0, cut);
            await client.change(file, partial);
            const names = [...partial.matchAll(/(indicator|cohort) (\w+)/g)].map((m) => m.index! + m[1].length + 2);
            for (const offset of names) {
                await client.hover(file, positionAt(partial, offset)).catch((e: Error) => failures.push(`hover at ${offset} of cut ${cut}: ${e.message}`));
            }
            await client.documentSymbols(file).catch((e: Error) => failures.push(`symbols of cut ${cut}: ${e.message}`));
            await client.formatting(file).catch((e: Error) => failures.push(`formatting of cut ${cut}: ${e.message}`));
        }
        assert.deepEqual(failures, []);
    });

    it('shuts down cleanly: shutdown + exit ends the process with code 0', async () => {
        assert.ok(client.running);
        assert.equal(await client.stop(), 0);
    });
});
