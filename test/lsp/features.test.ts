// Editor features of the language server over stdio (the real `stroom lsp --stdio`): completion of choice values
// and column names, semantic tokens, references, rename, folding, symbols, inlay hints and code lenses.
import { strict as assert } from 'node:assert';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, cursor, LspClient, positionOf, textAt } from './client.js';

/** A small workspace: a source over a CSV file whose header has a column with spaces, and two packages. */
const FILES: Record<string, string> = {
    'stroom.json': '{ "defaultSource": "src.Mini" }\n',
    'data/enr.csv': 'pid,brin,opl,sector,datum inschrijving,eind\np1,A,34001,HBO,20200901,\n',
    'src/mini.stroom': `package src
source Mini {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "../data/enr.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo, "WO": wo }
        start = date("datum inschrijving", "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`,
    'defs/cohorts.stroom': `package defs

cohort Starters {
    entry first in sector hbo
    inflow any
    years 2016..2023
}
`,
    'defs/uses.stroom': `package uses
import defs.{Starters}

indicator Uitval {
    cohort Starters
    measure dropout
    after 1 year
    scope sector
    switchers count as dropout
}

indicator Uitval2 {
    cohort defs.Starters
    measure dropout
    after 2 years
    scope sector
    switchers count as retained
    switch within sector
}

compare "een tegen twee" { Uitval, Uitval2 }

example "niemand" {
    person p {
        born 2000-01-01
    }
    expect p not in Uitval
}
`,
};

describe('language server over stdio: editor features', () => {
    let client: LspClient;
    before(async () => { client = await LspClient.start({ files: FILES }); });
    after(async () => { await client?.stop(); });

    describe('completion', () => {
        it('offers the switch treatments after `switchers count as `, each with what it means', async () => {
            const { text, position } = cursor(`package c1
import defs.Starters

indicator Nieuw {
    cohort Starters
    measure dropout
    switchers count as <|>
}
`);
            await client.open('c1.stroom', text);
            const items = await client.completion('c1.stroom', position);
            const byLabel = new Map(items.map((i) => [i.label, i]));
            for (const value of ['dropout', 'retained', 'separate']) {
                assert.ok(byLabel.has(value), `'${value}' not offered: ${[...byLabel.keys()].join(', ')}`);
            }
            assert.match(byLabel.get('dropout')!.detail ?? '', /a switch is dropout \(CBS\) \/ een switch is uitval/);
            assert.match(byLabel.get('retained')!.detail ?? '', /not dropout/);
            assert.match((byLabel.get('separate')!.documentation as MarkupContent).value, /switchers count as separate/);
        });

        it('offers whole horizons after `after `', async () => {
            const { text, position } = cursor(`package c2
import defs.Starters

indicator Nieuw {
    cohort Starters
    measure dropout
    after <|>
}
`);
            await client.open('c2.stroom', text);
            const items = await client.completion('c2.stroom', position);
            const one = items.find((i) => i.label === '1 year');
            assert.ok(one, `'1 year' not offered: ${items.map((i) => i.label).join(', ')}`);
            assert.match(one.detail ?? '', /one year after entry/);
        });

        it('offers the columns of the mapped CSV file in a field value, quoted when they hold a space', async () => {
            const { text, position } = cursor(`package c3
source Andere {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        person = <|>
    }
}
`);
            await client.open('c3.stroom', text);
            const labels = (await client.completion('c3.stroom', position)).map((i) => i.label);
            for (const column of ['pid', 'brin', 'opl', '"datum inschrijving"']) {
                assert.ok(labels.includes(column), `column ${column} not offered: ${labels.join(', ')}`);
            }
        });

        it('offers the columns inside date(...)', async () => {
            const { text, position } = cursor(`package c4
source Andere {
    observed from 2015-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        start = date(<|>
    }
}
`);
            await client.open('c4.stroom', text);
            const labels = (await client.completion('c4.stroom', position)).map((i) => i.label);
            assert.ok(labels.includes('"datum inschrijving"'), `not offered: ${labels.join(', ')}`);
        });
    });

    describe('semantic tokens', () => {
        it('types a cohort reference, a declaration, a code, a column, a date and keywords', async () => {
            await client.open('defs/uses.stroom');
            const text = client.text('defs/uses.stroom');
            const tokens = await client.decodedTokens('defs/uses.stroom');
            const at = (needle: string, delta = 0) => {
                const p = positionOf(text, needle, delta);
                return tokens.find((t) => t.line === p.line && t.character === p.character);
            };
            assert.equal(at('cohort Starters', 'cohort '.length)?.type, 'class', 'the cohort reference');
            assert.equal(at('cohort Starters')?.type, 'keyword');
            const decl = at('indicator Uitval ', 'indicator '.length);
            assert.equal(decl?.type, 'function');
            assert.ok(decl?.modifiers.includes('declaration'));
            assert.equal(at('born 2000-01-01', 'born '.length)?.type, 'number', 'a date');
            assert.equal(at('p not in Uitval', 'p not in '.length)?.type, 'function', 'an indicator reference');
            await client.open('defs/cohorts.stroom');
            const cohorts = client.text('defs/cohorts.stroom');
            const ct = await client.decodedTokens('defs/cohorts.stroom');
            const hbo = positionOf(cohorts, 'sector hbo', 'sector '.length);
            assert.equal(ct.find((t) => t.line === hbo.line && t.character === hbo.character)?.type, 'enumMember', 'a code');
            await client.open('src/mini.stroom');
            const mini = client.text('src/mini.stroom');
            const mt = await client.decodedTokens('src/mini.stroom');
            const column = positionOf(mini, '"datum inschrijving"');
            assert.equal(mt.find((t) => t.line === column.line && t.character === column.character)?.type, 'property', 'a column');
        });
    });

    describe('references and rename', () => {
        it('finds the references to a cohort in other files, qualified and imported', async () => {
            const text = client.text('defs/cohorts.stroom');
            const refs = await client.references('defs/cohorts.stroom', positionOf(text, 'cohort Starters', 'cohort St'.length));
            const uses = client.text('defs/uses.stroom');
            const inUses = refs.filter((r) => r.uri === client.uri('defs/uses.stroom')).map((r) => textAt(uses, r.range)).sort();
            assert.deepEqual(inUses, ['Starters', 'Starters', 'defs.Starters'], JSON.stringify(refs));
            assert.ok(refs.some((r) => r.uri === client.uri('defs/cohorts.stroom')), 'the declaration is included');
        });

        it('renames a cohort: declaration, import, simple and qualified references', async () => {
            const uses = client.text('defs/uses.stroom');
            const edit = await client.rename('defs/uses.stroom', positionOf(uses, 'cohort Starters', 'cohort Sta'.length), 'Instromers');
            assert.ok(edit?.changes, 'no edit');
            const after = applyEdits(uses, edit.changes[client.uri('defs/uses.stroom')] ?? []);
            assert.match(after, /import defs\.\{Instromers\}/);
            assert.match(after, /cohort Instromers\n/);
            assert.match(after, /cohort defs\.Instromers\n/);
            assert.doesNotMatch(after, /Starters/);
            const decl = applyEdits(client.text('defs/cohorts.stroom'), edit.changes[client.uri('defs/cohorts.stroom')] ?? []);
            assert.match(decl, /^cohort Instromers \{/m);
        });

        it('refuses a new name that is not a name', async () => {
            const uses = client.text('defs/uses.stroom');
            await assert.rejects(client.rename('defs/uses.stroom', positionOf(uses, 'cohort Starters', 'cohort Sta'.length), 'twee woorden'));
        });
    });

    describe('folding and symbols', () => {
        it('folds every block', async () => {
            const text = client.text('defs/uses.stroom');
            const ranges = await client.foldingRanges('defs/uses.stroom');
            for (const block of ['indicator Uitval {', 'indicator Uitval2 {', 'example "niemand" {', 'person p {']) {
                const line = positionOf(text, block).line;
                assert.ok(ranges.some((r) => r.startLine === line && r.endLine > line), `no folding range starts at ${block}: ${JSON.stringify(ranges)}`);
            }
        });

        it('finds cohorts and indicators of the whole workspace by name', async () => {
            const symbols = await client.workspaceSymbols('Uitv');
            const names = symbols.map((s) => s.name);
            assert.ok(names.includes('Uitval') && names.includes('Uitval2'), names.join(', '));
            const all = (await client.workspaceSymbols('')).map((s) => s.name);
            for (const name of ['Starters', 'Mini', 'Uitval']) assert.ok(all.includes(name), `${name} missing: ${all.join(', ')}`);
            const starters = (await client.workspaceSymbols('Starters')).find((s) => s.name === 'Starters');
            assert.equal((starters?.location as { uri: string }).uri, client.uri('defs/cohorts.stroom'));
        });
    });

    describe('inlay hints', () => {
        it('shows the first cohort year\'s dates after `after N years`, and the counting dates after `years`', async () => {
            const uses = client.text('defs/uses.stroom');
            const hints = await client.inlayHints('defs/uses.stroom');
            const label = (h: { label: string | Array<{ value: string }> }) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
            const after1 = hints.find((h) => h.position.line === positionOf(uses, 'after 1 year').line);
            assert.equal(after1 && label(after1), '2016: 1 okt 2016 → 1 okt 2017', JSON.stringify(hints));
            const after2 = hints.find((h) => h.position.line === positionOf(uses, 'after 2 years').line);
            assert.equal(after2 && label(after2), '2016: 1 okt 2016 → 1 okt 2018');
            const cohorts = client.text('defs/cohorts.stroom');
            const years = (await client.inlayHints('defs/cohorts.stroom')).find((h) => h.position.line === positionOf(cohorts, 'years').line);
            assert.equal(years && label(years), '1 okt 2016 … 1 okt 2023');
        });

        it('respects a convention\'s peildatum and shows nothing for a definition with errors', async () => {
            const text = `package peil
import defs.Starters

convention Januari {
    peildatum 15 january
}

indicator Winter using Januari {
    cohort Starters
    measure dropout
    after 1 year
    scope sector
    switchers count as dropout
}

indicator Half {
    cohort Starters
    measure dropout
    after 3 years
}
`;
            await client.open('peil.stroom', text);
            const hints = await client.inlayHints('peil.stroom');
            const label = (h: { label: string | Array<{ value: string }> }) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
            const winter = hints.find((h) => h.position.line === positionOf(text, 'after 1 year').line);
            assert.equal(winter && label(winter), '2016: 15 jan 2017 → 15 jan 2018', JSON.stringify(hints));
            assert.ok(!hints.some((h) => h.position.line === positionOf(text, 'after 3 years').line), 'a hint on an incomplete definition');
        });
    });

    describe('code lenses', () => {
        it('puts Run, SQL, Explain and Compare on indicators and Test on examples, with their commands', async () => {
            const uses = client.text('defs/uses.stroom');
            const lenses = await client.codeLenses('defs/uses.stroom');
            const on = (needle: string) => lenses.filter((l) => l.range.start.line === positionOf(uses, needle).line).map((l) => l.command!);
            const uitval = on('indicator Uitval ');
            assert.deepEqual(uitval.map((c) => c.title), ['Run', 'SQL', 'Explain', 'Compare']);
            assert.deepEqual(uitval.map((c) => c.command), ['stroom.run', 'stroom.sql', 'stroom.explain', 'stroom.compare']);
            assert.deepEqual(uitval[0].arguments, [{ uri: client.uri('defs/uses.stroom'), indicator: 'Uitval', qualifiedName: 'uses.Uitval' }]);
            assert.equal((uitval[3].arguments?.[0] as { title: string }).title, 'een tegen twee');
            const test = on('example "niemand"');
            assert.deepEqual(test.map((c) => [c.title, c.command]), [['Test', 'stroom.test']]);
            assert.deepEqual(test[0].arguments, [{ uri: client.uri('defs/uses.stroom'), example: 'niemand' }]);
            const noCompare = (await client.codeLenses('peil.stroom')).map((l) => l.command!.title);
            assert.ok(!noCompare.includes('Compare'), 'Compare without a compare block');
        });
    });
});

describe('language server over stdio: every feature on broken text', () => {
    let client: LspClient;
    before(async () => { client = await LspClient.start({ files: FILES }); });
    after(async () => { await client?.stop(); });

    const BROKEN = [
        '',
        'indicator',
        'cohort X { years 2016.. }',
        'indicator I { cohort  measure after  year switchers count as }',
        'source S { file f csv "nope.csv" enrollments from f { person = date( } }',
        'package p\nimport .{,}\ncompare "x" { , on }\nexample { person { enrolled } expect }',
        'convention C { peildatum 31 february } cohort K using C { years 2020 } indicator J using C { cohort K after 1 year }',
        '"\u0000 }}}{{{ /* unterminated',
    ];

    it('answers completion, tokens, references, rename, folding, symbols, hints and lenses without dying', async () => {
        for (const [i, text] of BROKEN.entries()) {
            const file = `broken-${i}.stroom`;
            await client.open(file, text);
            const lines = text.split('\n');
            const positions = [{ line: 0, character: 0 }, { line: lines.length - 1, character: lines[lines.length - 1].length },
                { line: 0, character: Math.min(12, lines[0].length) }];
            for (const position of positions) {
                await client.completion(file, position);
                await client.references(file, position);
                await client.rename(file, position, 'Nieuw').catch(() => undefined);
            }
            await client.semanticTokens(file);
            await client.foldingRanges(file);
            await client.inlayHints(file);
            await client.codeLenses(file);
            assert.ok(client.running, `the server died on text #${i}: ${client.stderr}`);
        }
        await client.workspaceSymbols('');
        assert.ok(client.running);
        assert.doesNotMatch(client.stderr, /TypeError|RangeError/, client.stderr);
    });
});
