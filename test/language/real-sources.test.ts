// The formats users receive: DUO's multi-record mbo RO files (the demo files in test/fixtures/duo), decode tables
// (DUO's Dec_*.asc) as value maps and as labels in output, and published aggregates with suppressed cells.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, DuckDBEngine, execute, loadWorkspace, prepare, readPublished, resolveSource, allSources, type IndicatorResult } from '@stroom/language';
import { DUO, EXAMPLES, diagnostics, tempDir } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';

const MBO_DEMO = path.join(DUO, 'mbo-demo');
const DEC = path.join(DUO, '1cijferho-format');

async function workspace(files: Record<string, string | Buffer>) {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'stroom.json'), '{}');
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    const stroomFiles = Object.keys(files).filter((f) => f.endsWith('.stroom')).map((f) => path.join(dir, f));
    return { dir, ws: await loadWorkspace(dir, stroomFiles) };
}

async function run(ws: Awaited<ReturnType<typeof loadWorkspace>>, file: string, options: { records?: boolean; indicator?: string } = {}): Promise<IndicatorResult> {
    const engine = await DuckDBEngine.open();
    try {
        const [p] = prepare(ws, file, { indicator: options.indicator });
        return await execute(engine, p, { records: options.records });
    } finally {
        await engine.close();
    }
}

// ------------------------------------------------------------------ DUO mbo RO files

const RO_SOURCE = (pattern: string, delimiter: string, dateFormat: string) => `
source RO {
    observed from 2019-08-01 until 2027-12-31
    file ro records "${pattern}" layout "ro.layout" delimiter "${delimiter}"
    persons from ro record PER {
        person = bsn or onderwijsnummer
        birth date = date(geboortedatum, "${dateFormat}")
        gender = geslacht
    }
    // An ISP line holds the programme; its ISG line (same person and volgnummer) the end of the enrollment.
    enrollments from ro record ISP join ISG on bsn, onderwijsnummer, volgnummer {
        person = bsn or onderwijsnummer
        institution = brin
        programme = opleidingscode
        sector = constant mbo
        mode = leerweg map { "BOL": bol, "BBL": bbl }
        funded = bekostigd
        start = date(ingangsdatum, "${dateFormat}")
        end = date("datum uitschrijving", "${dateFormat}")
        leave reason = "reden uitschrijving"
    }
    diplomas from ro record DIP {
        person = bsn or onderwijsnummer
        institution = brin
        programme = opleidingscode
        sector = constant mbo
        date = date(diplomadatum, "${dateFormat}")
    }
}
cohort Alle { entry first in programme mbo  inflow any  prior any  years 2020..2025 }
indicator Succes {
    cohort Alle
    measure success
    after 1 year
    scope programme
    switchers count as dropout
    diploma counts as success
}
`;

describe('DUO mbo RO files (multi-record)', () => {
    const layout = fs.readFileSync(path.join(EXAMPLES, 'sources', 'duo', 'ro.layout'), 'utf8');
    const demo = fs.readFileSync(path.join(MBO_DEMO, 'RO_27DV_20240731_20260324.csv'));

    it('maps PER, ISP joined with ISG, and DIP lines onto persons, enrollments and diplomas', async () => {
        const { ws, dir } = await workspace({ 'ro.stroom': RO_SOURCE('data/RO_*.csv', '|', 'yyyy-MM-dd'), 'ro.layout': layout, 'data/RO_27DV_20240731_20260324.csv': demo });
        assert.deepEqual(ws.documents.flatMap((d) => diagnostics(d)), []);
        const result = await run(ws, path.join(dir, 'ro.stroom'), { records: true });
        assert.deepEqual(result.findings, []);
        const got = (result.records ?? []).map((r) => `${r.cohort_year} ${r.person} ${r.institution} ${r.programme} ${r.outcome}`);
        // Worked out from the demo lines: the cohort year is the first 1 October an enrollment covers; the BRIN comes
        // from the VLP header line; BSN8 and BSN9 have only an onderwijsnummer. BSN8's first enrollment
        // (Feb-Jul 2025, 23301) covers no 1 October; BSN3 and BSN10 start in 2026, after the cohort years.
        assert.deepEqual(got, [
            '2020 BSN2 27DV 25311 retained', // ISG 1: 2020-08-01 .. 2024-09-19, enrolled on 1 October 2021
            '2021 BSN4 27DV 25655 retained', // 2021-09-08 .. 2024-09-16
            '2022 BSN6 27DV 25809 retained', // 2022-08-01 .. 2024-09-16; diploma after the horizon
            '2023 BSN1 27DV 25655 retained', // 2023-01-30 .. 2025-01-16
            '2025 BSN5 27DV 25779 retained', // 2024-11-11, open
            '2025 BSN7 27DV 25748 retained', // 2025-02-01, open
            '2025 BSN8 27DV 25745 retained', // onderwijsnummer; ISG C2 2025-08-01, open
            '2025 BSN9 27DV 25669 retained', // onderwijsnummer; 2025-04-14, open
        ]);
    });

    it('reads the other DUO dialect of the same files (semicolons, d-M-yyyy dates)', async () => {
        const { ws, dir } = await workspace({
            'ro.stroom': RO_SOURCE('RO_25LX_*.csv', ';', 'd-M-yyyy'), 'ro.layout': layout,
            'RO_25LX_20250101_20251231.csv': fs.readFileSync(path.join(MBO_DEMO, 'RO_25LX_20250101_20251231.csv')),
        });
        assert.deepEqual(ws.documents.flatMap((d) => diagnostics(d)), []);
        const result = await run(ws, path.join(dir, 'ro.stroom'), { records: true });
        // Person 5 entered 25779 on 1-8-2023 and still studies on 1 October 2024 (diploma 27-1-2025). Person 6 enrolled
        // 19-9-2025 and left 15-12-2025. Person 2 enrolled 1-8-2025 but left 16-9-2025: no 1 October, no entrant.
        const got = Object.fromEntries((result.records ?? []).map((r) => [String(r.person), `${r.cohort_year} ${r.institution} ${r.outcome}`]));
        assert.deepEqual(got, { 5: '2023 25LX retained', 6: '2025 25LX dropout' });
        // Person 6 follows an ODT leerweg, which the mapping's map does not know: counted, shown with file and line.
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /RO_25LX_20250101_20251231\.csv, ISP record, column 'leerweg' \(mapping at [^)]+:\d+\): 1 row has a code not in the map of 'mode': "ODT" \(line 18\); it counts as missing \/ /);
    });

    it('counts lines of an unknown record type as a finding with file and line, and stops on a bad date with both', async () => {
        const lines = demo.toString('utf8').split('\r\n');
        const withUnknown = [...lines.slice(0, 3), 'XYZ|BSN1||iets', ...lines.slice(3)].join('\r\n');
        const a = await workspace({ 'ro.stroom': RO_SOURCE('data/RO_*.csv', '|', 'yyyy-MM-dd'), 'ro.layout': layout, 'data/RO_27DV_20240731_20260324.csv': withUnknown });
        const result = await run(a.ws, path.join(a.dir, 'ro.stroom'));
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /RO_27DV_20240731_20260324\.csv, line 4: record type "XYZ" is not in the layout ro\.layout \(1 such lines, skipped; known: VLP, PER, ISG, ISP, DIP/);

        const badDate = demo.toString('utf8').replace('ISP|BSN4||3|2021-09-08|', 'ISP|BSN4||3|8 sept 2021|');
        const b = await workspace({ 'ro.stroom': RO_SOURCE('data/RO_*.csv', '|', 'yyyy-MM-dd'), 'ro.layout': layout, 'data/RO_27DV_20240731_20260324.csv': badDate });
        const line = badDate.split('\r\n').findIndex((l) => l.includes('8 sept 2021')) + 1;
        await assert.rejects(run(b.ws, path.join(b.dir, 'ro.stroom')), (e: Error) => {
            assert.ok(e instanceof DataError);
            assert.match(e.message, new RegExp(`RO_27DV_20240731_20260324\\.csv, line ${line}, ISP record, column 'ingangsdatum': "8 sept 2021" is not a date in format yyyy-MM-dd`));
            return true;
        });
    });

    it('reports a broken records layout at its line: a type twice, a field twice, a field named like a header field', async () => {
        const broken = `${layout}PER: soort, bsn\nISE: soort, bsn, bsn\nAMO: soort, brin\n`;
        const { ws } = await workspace({ 'ro.stroom': RO_SOURCE('data/RO_*.csv', '|', 'yyyy-MM-dd'), 'ro.layout': broken, 'data/RO_27DV_20240731_20260324.csv': demo });
        const found = ws.documents.flatMap((d) => diagnostics(d)).filter((d) => d.code === 'invalid-layout').map((d) => d.message);
        const lines = layout.split('\n').length;
        assert.ok(found.some((m) => m.startsWith(`ro.layout line ${lines}: record type PER is described twice`)), found.join('\n'));
        assert.ok(found.some((m) => m.startsWith(`ro.layout line ${lines + 1}: record type ISE has field 'bsn' twice`)), found.join('\n'));
        assert.ok(found.some((m) => /field 'brin' of AMO has the name of a field of the header type VLP/.test(m)), found.join('\n'));
    });

    it('says in the editor which record types and fields a records file has', async () => {
        const text = RO_SOURCE('data/RO_*.csv', '|', 'yyyy-MM-dd')
            .replace('persons from ro record PER {', 'persons from ro record PRS {')
            .replace('programme = opleidingscode\n        sector = constant mbo\n        mode', 'programme = crebo\n        sector = constant mbo\n        mode')
            .replace('diplomas from ro record DIP {', 'diplomas from ro {');
        const { ws } = await workspace({ 'ro.stroom': text, 'ro.layout': layout, 'data/RO_27DV_20240731_20260324.csv': demo });
        const found = ws.documents.flatMap((d) => diagnostics(d));
        assert.ok(found.some((d) => d.code === 'unknown-record-type' && /has no record type PRS; its types: VLP, PER, ISG, ISP, DIP/.test(d.message)), JSON.stringify(found));
        assert.ok(found.some((d) => d.code === 'unknown-record-type' && /holds several record types: name one/.test(d.message)));
        assert.ok(found.some((d) => d.code === 'unknown-column' && /record type ISP of data\/RO_\*\.csv has no column 'crebo'; its columns: soort, bsn, onderwijsnummer, volgnummer, ingangsdatum, opleidingscode/.test(d.message)));
    });
});

// ------------------------------------------------------------------ decode tables

const DECODE_DATA = {
    'personen.csv': 'id,vooropl\np1,00201\np2,00202\np3,00401\np4,99999\np5,00000\n',
    'inschrijvingen.csv': [
        'id,brin,opl,start,einde',
        'p1,21PB,34001,20200901,20210131',
        'p2,21PB,34001,20200901,',
        'p3,21PB,34004,20200901,',
        'p4,21PB,34004,20200901,20201231',
        'p5,21PB,34004,20200901,',
    ].join('\n'),
};

const DECODE_SOURCE = `
source Dec {
    observed from 2015-09-01 until 2023-09-30
    missing "00000"
    file personen csv "personen.csv"
    file inschrijvingen csv "inschrijvingen.csv"
    file vopl fixed width "Dec_vopl.asc" layout "vopl.layout" encoding "latin-1"
    file opl fixed width "Dec_opleidingscode.asc" layout "opl.layout" encoding "latin-1"
    decode Vooropleiding from vopl code "Code vooropleiding" label "Omschrijving vooropleiding"
    decode Opleiding from opl code "Opleidingscode" label "Naam opleiding"
    labels programme from Opleiding
    persons from personen {
        person = id
        vooropleiding = vooropl decode Vooropleiding map prefix 4 { "havo": havo, "vwo ": vwo }
    }
    enrollments from inschrijvingen {
        person = id
        institution = brin
        programme = opl
        sector = constant hbo
        start = date(start, "yyyyMMdd")
        end = date(einde, "yyyyMMdd")
    }
}
cohort Hbo { entry first in programme hbo  inflow any  prior any  years 2020..2020 }
indicator Uitval {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by vooropleiding
}
indicator PerOpleiding {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by programme
}
`;

describe('decode tables (DUO Dec_*.asc)', () => {
    const files = {
        ...DECODE_DATA,
        'Dec_vopl.asc': fs.readFileSync(path.join(DEC, 'Dec_vopl.asc')),
        'Dec_opleidingscode.asc': fs.readFileSync(path.join(DEC, 'Dec_opleidingscode.asc')),
        'vopl.layout': 'Code vooropleiding 1 5\nOmschrijving vooropleiding 6 72\n',
        'opl.layout': 'Opleidingscode 1 5\nNaam opleiding 6 180\n',
    };

    it('decodes a column through the table and a map, and counts codes the table lacks', async () => {
        const { ws, dir } = await workspace({ ...files, 'dec.stroom': DECODE_SOURCE });
        assert.deepEqual(ws.documents.flatMap((d) => diagnostics(d)), []);
        const result = await run(ws, path.join(dir, 'dec.stroom'), { indicator: 'Uitval' });
        // 00201 "havo algemeen" and 00202 "havo profiel ..." decode to havo, 00401 "vwo algemeen" to vwo; 99999 is not
        // in Dec_vopl.asc and 00000 is a missing value: both unknown.
        // Five people: exact counts per decoded value come from person rows (--records); figures would hide them all.
        const people = (await run(ws, path.join(dir, 'dec.stroom'), { indicator: 'Uitval', records: true })).records!;
        const tally = new Map<string, [number, number]>();
        for (const r of people) {
            const key = String(r[Object.keys(r).find((k) => k.startsWith('by_'))!]);
            const t = tally.get(key) ?? [0, 0];
            tally.set(key, [t[0] + 1, t[1] + (r.outcome === 'dropout' ? 1 : 0)]);
        }
        assert.deepEqual([...tally].map(([k, [n, d]]) => `${k} ${n} ${d}`).sort(), ['havo 2 1', 'null 2 1', 'vwo 1 0']);
        assert.deepEqual(result.figures.map((f) => f.breakdown[0]), ['x'], 'every cell hidden: no value named');
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /personen\.csv, column 'vooropl' \(mapping at [^)]+:\d+\): 1 row has a code that decode table Vooropleiding \(Dec_vopl\.asc\) does not have: "99999" \(row 4, line 5\); it counts as missing/);
    });

    it('shows labels next to codes in every output format', async () => {
        // Enough people that no cell is hidden: 34001 has 10 (5 leave), 34004 has 12 (6 leave).
        const people = [...Array(10).keys()].map((i) => [`a${i}`, '34001', i < 5]).concat([...Array(12).keys()].map((i) => [`b${i}`, '34004', i < 6]));
        const { dir } = await workspace({
            ...files, 'dec.stroom': DECODE_SOURCE,
            'personen.csv': `id,vooropl\n${people.map(([id]) => `${id},00201`).join('\n')}\n`,
            'inschrijvingen.csv': `id,brin,opl,start,einde\n${people.map(([id, opl, left]) => `${id},21PB,${opl},20200901,${left ? '20210131' : ''}`).join('\n')}\n`,
        });
        const table = await stroomIn(['run', 'dec.stroom', '--indicator', 'PerOpleiding'], dir);
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /2020\s+34001 B Opleiding tolk-vertaler\s+10\s+5\s+50\.0%/);
        assert.match(table.stdout, /2020\s+34004 B Opleiding Tolk-Vertaler\s+12\s+6\s+50\.0%/);
        const csv = await stroomIn(['run', 'dec.stroom', '--indicator', 'PerOpleiding', '--format', 'csv'], dir);
        assert.match(csv.stdout, /^indicator,cohort_year,programme,programme_label,cohort_size/);
        assert.match(csv.stdout, /PerOpleiding,2020,34001,B Opleiding tolk-vertaler,10,5,50\.0,ok/);
        const json = JSON.parse((await stroomIn(['run', 'dec.stroom', '--indicator', 'PerOpleiding', '--format', 'json'], dir)).stdout);
        assert.deepEqual(json.results[0].rows[0].labels, { programme: 'B Opleiding tolk-vertaler' });
    });

    it('wants a map when a coded field is decoded, and checks the table\'s columns as you type', async () => {
        const text = DECODE_SOURCE
            .replace('decode Opleiding from opl code "Opleidingscode" label "Naam opleiding"', 'decode Opleiding from opl code "Opleidingscode" label "Naam"')
            .replace('sector = constant hbo', 'sector = opl decode Opleiding');
        const { ws } = await workspace({ ...files, 'dec.stroom': text });
        const found = ws.documents.flatMap((d) => diagnostics(d));
        assert.ok(found.some((d) => d.code === 'decode-needs-map' && /sector takes sector codes, but Opleiding gives labels/.test(d.message)), JSON.stringify(found));
        assert.ok(found.some((d) => d.code === 'unknown-column' && /Dec_opleidingscode\.asc has no column 'Naam'; its columns: Opleidingscode, Naam opleiding/.test(d.message)));
    });
});

// ------------------------------------------------------------------ published figures

const PUBLISHED = `
source StatLine "CBS StatLine: mbo-instroom en uitval (nagebouwd)" {
    publisher "CBS"
    missing "x"
    file tabel csv "statline.csv" delimiter ";"
    figures from tabel where Onderwijssoort != "Totaal" {
        year = Perioden
        sector = Onderwijssoort map { "Mbo": mbo, "Hbo": hbo }
        region = Regio
        outcome = constant dropout
        count = Uitvallers
        total = Instromers
        rate = Uitvalpercentage
    }
}
`;

describe('published figures as a source', () => {
    const csv = [
        'ID;Perioden;Onderwijssoort;Regio;Instromers;Uitvallers;Uitvalpercentage',
        '1;2019/\'20;Mbo;Noord;1.234;148;12,0',
        '2;2019/\'20;Mbo;Zuid;37;<5;.',
        '3;2020/\'21;Hbo;Noord;2 410;x;x',
        '4;2020/\'21;Totaal;Noord;9.999;999;10,0',
    ].join('\n');

    it('reads years, breakdowns, suppressed and missing cells, Dutch number forms', async () => {
        const { ws } = await workspace({ 'pub.stroom': PUBLISHED, 'statline.csv': csv });
        assert.deepEqual(ws.documents.flatMap((d) => diagnostics(d)), []);
        const engine = await DuckDBEngine.open();
        try {
            const [figures] = await readPublished(engine, resolveSource(allSources(ws)[0]));
            assert.deepEqual(figures.breakdown, ['sector', 'region']);
            assert.deepEqual(figures.rows.map((r) => [r.year, r.breakdown.sector, r.breakdown.region, r.outcome, r.count, r.total, r.rate]), [
                [2019, 'mbo', 'Noord', 'dropout', { value: 148 }, { value: 1234 }, { value: 12 }],
                [2019, 'mbo', 'Zuid', 'dropout', { suppressedBelow: 5 }, { value: 37 }, null],
                [2020, 'hbo', 'Noord', 'dropout', null, { value: 2410 }, null],
            ]);
        } finally {
            await engine.close();
        }
    });

    it('are shown by stroom run as the publisher gave them, suppressed cells included', async () => {
        const { dir } = await workspace({ 'pub.stroom': PUBLISHED, 'statline.csv': csv });
        const r = await stroomIn(['run', 'pub.stroom'], dir);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /published figures of CBS · 3 rows from statline\.csv · suppressed by the publisher: 1/);
        assert.match(r.stdout, /2019\s+mbo\s+Zuid\s+dropout\s+<5\s+37\n/);
        const json = JSON.parse((await stroomIn(['run', 'pub.stroom', '--format', 'json'], dir)).stdout);
        assert.deepEqual(json.published[0].rows[1].count, { suppressed_below: 5 });
    });

    it('stops on a cell that is no number, naming file, row and column', async () => {
        const { ws } = await workspace({ 'pub.stroom': PUBLISHED, 'statline.csv': csv.replace('1.234;148', '1.234;veel') });
        const engine = await DuckDBEngine.open();
        try {
            await assert.rejects(readPublished(engine, resolveSource(allSources(ws)[0])),
                /statline\.csv, row 1 \(line 2\), column 'Uitvallers': "veel" is not a number, a suppressed cell \("<5"\) or missing \("\."\)/);
        } finally {
            await engine.close();
        }
    });

    it('cannot be the source of an indicator, nor hold person records', async () => {
        const text = `${PUBLISHED.replace('    figures from tabel', '    file p csv "p.csv"\n    persons from p { person = id }\n    figures from tabel')}
cohort C { entry first in programme mbo  inflow any  prior any  on StatLine }
`;
        const { ws } = await workspace({ 'pub.stroom': text, 'statline.csv': csv, 'p.csv': 'id\n' });
        const found = ws.documents.flatMap((d) => diagnostics(d));
        assert.ok(found.some((d) => d.code === 'published-source' && /maps published figures and person records/.test(d.message)), JSON.stringify(found));
        assert.ok(found.some((d) => d.code === 'published-source' && /StatLine holds published figures, not persons: an indicator cannot be computed on it/.test(d.message)));
    });
});
