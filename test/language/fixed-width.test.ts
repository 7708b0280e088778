// Fixed-width files with the layout of DUO's 1cijferHO file description (test/fixtures/duo), in latin-1 like DUO's files:
// fields cut by position, names with diacritics, the year-coding traps mapped once, bad layouts and bad widths.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBEngine, execute, loadWorkspace, parseLayout, prepare } from '@stroom/language';
import { DUO, diagnostics, tempDir } from '../helpers.js';

/** The "Lay-out bestand" section of DUO's description, as a user copies it into a layout file. */
function duoLayout(): string {
    const text = fs.readFileSync(path.join(DUO, '1cijferho-format', 'Bestandsbeschrijving_1cyferho_2023_v1.1_DEMO.txt'), 'latin1');
    const start = text.indexOf('Lay-out bestand');
    const lines = text.slice(start).split(/\r?\n/);
    const end = lines.findIndex((l, i) => i > 3 && l.trim() === '');
    return lines.slice(0, end).join('\n');
}

/** A record: values placed at their layout positions, spaces elsewhere. */
function record(width: number, fields: Record<string, string>, layout = parseLayout(duoLayout())): string {
    const chars = Array(width).fill(' ');
    for (const [name, value] of Object.entries(fields)) {
        const f = layout.fields.find((x) => x.name === name);
        if (!f) throw new Error(`no field ${name}`);
        assert.ok(value.length <= f.width, `${name} too wide`);
        for (let i = 0; i < value.length; i++) chars[f.start - 1 + i] = value[i];
    }
    return chars.join('');
}

const SOURCE = `package duo
source EV {
    observed from 2015-09-01 until 2023-09-30
    missing "00000000", "0000"
    year-only diplomas count at last day
    file ev fixed width "EV.asc" layout "1cijferho.layout" encoding "latin-1"
    enrollments from ev where "Soort inschrijving hoger onderwijs" = "1" {
        person = "Persoonsgebonden nummer"
        institution = "Actuele instelling"
        programme = "Opleidingscode"
        sector = "Soort hoger onderwijs" map prefix 1 { "1": hbo, "2": wo }
        start = date("Datum inschrijving", "yyyyMMdd")
        end = date("Datum uitschrijving", "yyyyMMdd")
    }
    diplomas from ev where "Diplomajaar" != "0000" {
        person = "Persoonsgebonden nummer"
        institution = "Actuele instelling"
        programme = "Opleidingscode"
        // 1cijferHO: diploma year T covers 1 October T .. 30 September T+1.
        date = year "Diplomajaar" from 1 october
    }
    prior education from ev {
        person = "Persoonsgebonden nummer"
        category = "Hoogste vooropleiding vóór het HO" map prefix 3 { "002": havo, "003": mbo-4, "004": vwo }
        // "2019" means school year 2019/2020: a June 2020 diploma.
        diploma year = school year starting "Diplomajaar van de hoogste vooropl. vóór het HO"
    }
}
cohort HavoDirect {
    entry first in sector hbo
    prior havo
    inflow direct gap 0 years
    years 2020..2020
}
indicator Uitval {
    cohort HavoDirect
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
`;

describe('fixed-width files (1cijferHO layout)', () => {
    const layoutText = duoLayout();
    const layout = parseLayout(layoutText);

    it('reads DUO\'s own layout section: 100+ fields, no gaps or overlaps, names with diacritics', () => {
        assert.ok(layout.fields.length > 100);
        assert.deepEqual(layout.problems, []);
        assert.deepEqual(layout.fields[0], { name: 'Persoonsgebonden nummer', start: 1, width: 12, line: 4 });
        assert.ok(layout.fields.some((f) => f.name === 'Hoogste vooropleiding vóór het HO' && f.start === 106 && f.width === 5));
    });

    it('reports overlapping fields and gaps at their layout lines', () => {
        const bad = parseLayout('a 1 4\nb 4 2\nc 9 1\n');
        assert.deepEqual(bad.problems.map((p) => p.line), [2, 3]);
        assert.match(bad.problems[0].message, /overlaps/);
        assert.match(bad.problems[1].message, /positions 6-8 .* belong to no field/);
    });

    async function workspace(records: string[], layoutOverride?: string) {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, 'stroom.json'), '{}');
        fs.writeFileSync(path.join(dir, '1cijferho.layout'), layoutOverride ?? layoutText, 'latin1');
        fs.writeFileSync(path.join(dir, 'EV.asc'), `${records.join('\r\n')}\r\n`, 'latin1');
        const file = path.join(dir, 'ev.stroom');
        fs.writeFileSync(file, SOURCE);
        return { dir, file, ws: await loadWorkspace(dir, [file]) };
    }

    const W = layout.width;
    const base = { 'Soort inschrijving hoger onderwijs': '1', 'Soort hoger onderwijs': '1  ', 'Actuele instelling': '21PB', Opleidingscode: '34001', Diplomajaar: '0000' };
    // h1: havo of June 2020 (S = 2019), enters 2020, gone by 1 October 2021: dropout.
    // h2: havo of June 2020, stays: retained. h3: havo of June 2019 (S = 2018): not direct for 2020.
    // h4: havo of June 2020, bachelor diploma year 2020 (1 Oct 2020 .. 30 Sep 2021, within the horizon): graduated.
    const RECORDS = [
        record(W, { ...base, 'Persoonsgebonden nummer': 'h1', 'Datum inschrijving': '20200901', 'Datum uitschrijving': '20210131', 'Hoogste vooropleiding vóór het HO': '00201', 'Diplomajaar van de hoogste vooropl. vóór het HO': '2019' }),
        record(W, { ...base, 'Persoonsgebonden nummer': 'h2', 'Datum inschrijving': '20200901', 'Datum uitschrijving': '00000000', 'Hoogste vooropleiding vóór het HO': '00201', 'Diplomajaar van de hoogste vooropl. vóór het HO': '2019' }),
        record(W, { ...base, 'Persoonsgebonden nummer': 'h3', 'Datum inschrijving': '20200901', 'Datum uitschrijving': '00000000', 'Hoogste vooropleiding vóór het HO': '00201', 'Diplomajaar van de hoogste vooropl. vóór het HO': '2018' }),
        record(W, { ...base, 'Persoonsgebonden nummer': 'h4', 'Datum inschrijving': '20200901', 'Datum uitschrijving': '20210831', Diplomajaar: '2020', 'Hoogste vooropleiding vóór het HO': '00201', 'Diplomajaar van de hoogste vooropl. vóór het HO': '2019' }),
    ];

    it('cuts the fields by position and gives the hand-worked outcomes', async () => {
        const { ws, file } = await workspace(RECORDS);
        assert.deepEqual(ws.documents.flatMap((d) => diagnostics(d)), []);
        const engine = await DuckDBEngine.open();
        try {
            const [p] = prepare(ws, file);
            const result = await execute(engine, p, { records: true });
            assert.deepEqual(result.findings, []);
            const got = Object.fromEntries((result.records ?? []).map((r) => [r.person, r.outcome]));
            assert.deepEqual(got, { h1: 'dropout', h2: 'retained', h4: 'graduated' });
        } finally {
            await engine.close();
        }
    });

    it('counts records of the wrong width as a finding, naming the first one', async () => {
        const { ws, file } = await workspace([...RECORDS, `${RECORDS[1].slice(0, 200)}`]);
        const engine = await DuckDBEngine.open();
        try {
            const [p] = prepare(ws, file);
            const result = await execute(engine, p);
            assert.equal(result.findings.length, 1, result.findings.map((f) => f.message).join("\n"));
            assert.match(result.findings[0].message, /EV\.asc, row 5 \(line 5\), the whole record: "200" is the width of a record that should be \d+ characters wide(?! \(and)/);
        } finally {
            await engine.close();
        }
    });

    it('reports a broken layout and a field the layout does not have, in the editor', async () => {
        const { ws } = await workspace(RECORDS, `${layoutText}\nExtra veld 270 10\n`);
        const found = ws.documents.flatMap((d) => diagnostics(d));
        assert.ok(found.some((d) => d.code === 'invalid-layout' && /overlaps/.test(d.message)), JSON.stringify(found));
        const text = fs.readFileSync(ws.documents[0].uri.fsPath, 'utf8').replace('"Opleidingscode"\n        sector', '"Opleiding"\n        sector');
        const dir = path.dirname(ws.documents[0].uri.fsPath);
        fs.writeFileSync(path.join(dir, '1cijferho.layout'), layoutText, 'latin1');
        fs.writeFileSync(ws.documents[0].uri.fsPath, text);
        const again = await loadWorkspace(dir);
        const unknown = again.documents.flatMap((d) => diagnostics(d)).filter((d) => d.code === 'unknown-column');
        assert.equal(unknown.length, 1);
        assert.match(unknown[0].message, /the layout of EV\.asc has no column 'Opleiding'; its columns: Persoonsgebonden nummer, Inschrijvingsjaar/);
    });
});
