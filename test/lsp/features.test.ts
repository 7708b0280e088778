// Editor features of the language server over stdio (the real `stroom lsp --stdio`): completion of choice values
// and column names, semantic tokens, references, rename, folding, symbols, inlay hints and code lenses.
import { strict as assert } from 'node:assert';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { cursor, LspClient } from './client.js';

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
});
