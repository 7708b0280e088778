// stroom generate: deterministic synthetic populations in the example data formats.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBEngine, parseLayout, passesElfproef, personIds } from '@stroom/language';
import { DUO, EXAMPLES, stroom, tempDir } from '../helpers.js';
import { stroomIn } from './in-process.js';

const FILES = ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv'];

describe('stroom generate', () => {
    it('with the defaults writes exactly the bundled example data', async () => {
        const out = tempDir();
        const r = await stroomIn(['generate', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        for (const f of FILES) assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', f))), f);
        assert.match(r.stdout, /personen\.csv: 6000 rows/);
    });

    it('gives the same files for the same seed, other files for another seed, and the asked number of people', async () => {
        const [a, b, c] = [tempDir(), tempDir(), tempDir()];
        for (const [dir, seed] of [[a, '11'], [b, '11'], [c, '12']]) assert.equal((await stroomIn(['generate', '--out', dir, '--persons', '700', '--seed', seed])).status, 0);
        const read = (dir: string) => FILES.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
        assert.deepEqual(read(a), read(b));
        assert.notDeepEqual(read(a), read(c));
        assert.equal(read(a)[0].trim().split('\n').length, 701);
    });

    it('feeds the example definitions: the havo-hbo indicators run on a generated population', async () => {
        const ws = tempDir();
        fs.cpSync(EXAMPLES, ws, { recursive: true, filter: (f) => !f.includes(`${path.sep}data${path.sep}`) });
        assert.equal((await stroomIn(['generate', '--out', path.join(ws, 'data'), '--persons', '3000', '--seed', '5'])).status, 0);
        const r = await stroomIn(['run', 'havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'csv'], ws);
        assert.equal(r.status, 0, r.stderr);
        // Rows with figures shown (whole, or with a small count hidden by disclosure control).
        assert.ok(r.stdout.split('\n').filter((l) => /,(ok|partly suppressed),/.test(l)).length > 5, r.stdout);
    });

    it('with --entree also makes entree (mbo-1) students: a plausible share of mbo, mostly without a vo diploma, many on to mbo-2', async () => {
        const ws = tempDir();
        fs.cpSync(EXAMPLES, ws, { recursive: true, filter: (f) => !f.includes(`${path.sep}data${path.sep}`) });
        const out = path.join(ws, 'data');
        const r = await stroomIn(['generate', '--out', out, '--persons', '4000', '--seed', '9', '--entree']);
        assert.equal(r.status, 0, r.stderr);
        const rows = (f: string) => fs.readFileSync(path.join(out, f), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
        const enrollments = rows('inschrijvingen.csv');
        assert.equal(rows('personen.csv').length, 4000, 'the asked number of people, entree included');
        const mbo = enrollments.filter((e) => e[3] === 'MBO');
        const entree = mbo.filter((e) => e[4] === 'MBO-1');
        // Nationally entree is some 5-8% of mbo enrollments.
        const share = entree.length / mbo.length;
        assert.ok(share > 0.03 && share < 0.15, `entree share of mbo enrollments ${share.toFixed(3)}`);
        const people = new Map<string, string[][]>();
        for (const e of enrollments) people.set(e[0], [...(people.get(e[0]) ?? []), e]);
        const entrants = [...new Set(entree.map((e) => e[0]))];
        const diplomas = rows('diplomas.csv');
        const voDiploma = new Set(diplomas.filter((d) => d[3] === 'VO').map((d) => d[0]));
        const withoutVo = entrants.filter((p) => !voDiploma.has(p)).length / entrants.length;
        assert.ok(withoutVo > 0.9, `entree students without a vo diploma: ${withoutVo.toFixed(2)}`);
        assert.ok(entrants.some((p) => people.get(p)!.some((e) => e[3] === 'VSO')), 'some come from vso');
        // Entree first, then mbo-2: the share that moves on (of those whose entree started three years before the end).
        const early = entrants.filter((p) => people.get(p)!.some((e) => e[4] === 'MBO-1' && e[8] < '20210801'));
        const onward = early.filter((p) => people.get(p)!.some((e) => e[4] === 'MBO-2' && e[8] > people.get(p)!.find((x) => x[4] === 'MBO-1')![8])).length / early.length;
        assert.ok(onward > 0.3 && onward < 0.7, `entree students moving on to mbo-2: ${onward.toFixed(2)}`);
        assert.ok(diplomas.some((d) => d[4] === 'MBO-1'), 'entree diplomas are there');
        // The example source reads them: vsv per level has mbo-1 rows.
        const run = await stroomIn(['run', 'vsv.stroom', '--indicator', 'VsvNiveau', '--format', 'csv'], ws);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(run.stdout.split('\n').filter((l) => l.includes(',mbo-1,')).length >= 5, run.stdout);
        // Without --entree the same seed makes no mbo-1 at all.
        const plain = tempDir();
        assert.equal((await stroomIn(['generate', '--out', plain, '--persons', '4000', '--seed', '9'])).status, 0);
        assert.ok(!fs.readFileSync(path.join(plain, 'inschrijvingen.csv'), 'utf8').includes('MBO-1'));
    });

    it('refuses arguments that are not whole numbers, exit 2', async () => {
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const r = stroom(['generate', '--out', tempDir(), '--persons', 'many']);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--persons must be a whole number, not 'many'/);
    });
});

describe('stroom generate --format', () => {
    const WINDOW = { firstYear: 2014, lastYear: 2024, seed: 3 };
    const LAYOUT = parseLayout(fs.readFileSync(path.join(EXAMPLES, 'sources', 'duo', '1cijferho.layout'), 'latin1'));
    const VOPL = new Set(fs.readFileSync(path.join(DUO, '1cijferho-format', 'Dec_vopl.asc'), 'latin1').split(/\r?\n/).filter(Boolean).map((l) => l.slice(0, 5)));
    let all: string;
    let csv: { persons: string[][]; enrollments: string[][]; diplomas: string[][]; prior: string[][] };

    const rows = (file: string): string[][] => fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const iso = (compact: string): string => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
    const studyYear = (isoDate: string): number => Number(isoDate.slice(0, 4)) - (Number(isoDate.slice(5, 7)) >= 9 ? 0 : 1);
    const number = (persoonsnummer: string): number => Number(persoonsnummer.slice(1));

    before(async () => {
        all = tempDir();
        const r = await stroomIn(['generate', '--out', all, '--persons', '2500', '--seed', String(WINDOW.seed), '--format', 'all']);
        assert.equal(r.status, 0, r.stderr);
        const dir = path.join(all, 'csv');
        csv = {
            persons: rows(path.join(dir, 'personen.csv')), enrollments: rows(path.join(dir, 'inschrijvingen.csv')),
            diplomas: rows(path.join(dir, 'diplomas.csv')), prior: rows(path.join(dir, 'vooropleidingen.csv')),
        };
    });

    /** Every file under a folder (relative name -> bytes). */
    function tree(dir: string): Map<string, Buffer> {
        const out = new Map<string, Buffer>();
        for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
            if (f.isFile()) out.set(path.relative(dir, path.join(f.parentPath, f.name)), fs.readFileSync(path.join(f.parentPath, f.name)));
        }
        return out;
    }

    it('all: each format in its own folder, the same bytes again for the same seed, nothing temporary left', async () => {
        const again = tempDir();
        assert.equal((await stroomIn(['generate', '--out', again, '--persons', '2500', '--seed', String(WINDOW.seed), '--format', 'all'])).status, 0);
        const a = tree(all);
        const b = tree(again);
        assert.deepEqual([...a.keys()].sort(), [
            path.join('1cijferho', 'EV.asc'), ...FILES.map((f) => path.join('csv', f)),
            ...['25LX', '26DQ', '27DV', '28DE'].map((brin) => path.join('mbo-ro', `RO_${brin}_20140901_20240930.csv`)),
            ...FILES.map((f) => path.join('parquet', f.replace('.csv', '.parquet'))),
        ].sort());
        for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} differs between two runs with the same seed`);
        // csv and parquet alone write the same bytes as in their folder of `all`
        for (const format of ['csv', 'parquet']) {
            const dir = tempDir();
            assert.equal((await stroomIn(['generate', '--out', dir, '--persons', '2500', '--seed', String(WINDOW.seed), '--format', format])).status, 0);
            const alone = tree(dir);
            assert.deepEqual([...alone.keys()].sort(), [...a.keys()].filter((k) => k.startsWith(`${format}${path.sep}`)).map((k) => path.basename(k)).sort());
            for (const [name, bytes] of alone) assert.ok(bytes.equals(a.get(path.join(format, name))!), `${format}/${name}`);
        }
    });

    it('parquet: the same four tables, row for row', async () => {
        const engine = await DuckDBEngine.open();
        try {
            for (const f of FILES) {
                const file = path.join(all, 'parquet', f.replace('.csv', '.parquet')).replace(/'/g, "''");
                const got = await engine.query(`SELECT * FROM read_parquet('${file}')`);
                const want = rows(path.join(all, 'csv', f));
                assert.equal(got.length, want.length, f);
                const header = fs.readFileSync(path.join(all, 'csv', f), 'utf8').split('\n')[0].split(',');
                assert.deepEqual(Object.keys(got[0]), header, f);
                for (const i of [0, Math.floor(want.length / 2), want.length - 1]) {
                    assert.deepEqual(header.map((h) => got[i][h] ?? ''), want[i], `${f} row ${i + 1}`);
                }
            }
        } finally {
            await engine.close();
        }
    });

    describe('1cijferho: EV.asc', () => {
        let records: Record<string, string>[];
        before(() => {
            const text = fs.readFileSync(path.join(all, '1cijferho', 'EV.asc')).toString('latin1');
            assert.ok(text.endsWith('\r\n'), 'records end in CRLF');
            const lines = text.slice(0, -2).split('\r\n');
            for (const [i, l] of lines.entries()) assert.equal(l.length, LAYOUT.width, `record ${i + 1} is ${l.length} wide, the layout ${LAYOUT.width}`);
            records = lines.map((l) => Object.fromEntries(LAYOUT.fields.map((f) => [f.name, l.slice(f.start - 1, f.start - 1 + f.width).trim()])));
        });

        it('has one record per hbo/wo enrollment per study year it overlaps inside the window, as the CSV files', () => {
            const want = new Map<string, number>();
            for (const e of csv.enrollments.filter((x) => x[3] === 'HBO' || x[3] === 'WO')) {
                const last = e[9] === '00000000' ? WINDOW.lastYear : Math.min(WINDOW.lastYear, studyYear(iso(e[9])));
                for (let y = Math.max(WINDOW.firstYear, studyYear(iso(e[8]))); y <= last; y++) {
                    const key = `${number(e[0])} ${y} ${e[1]} ${e[2]}`;
                    want.set(key, (want.get(key) ?? 0) + 1);
                }
            }
            const got = new Map<string, number>();
            for (const r of records) {
                const key = `${Number(r['Persoonsgebonden nummer'])} ${r.Inschrijvingsjaar} ${r.Instellingscode} ${r.Opleidingscode}`;
                got.set(key, (got.get(key) ?? 0) + 1);
            }
            assert.ok(records.length > 1000, `${records.length} records`);
            assert.deepEqual([...got].sort(), [...want].sort());
        });

        it('fills the fields with DUO codes: soort and type hoger onderwijs, vorm, dates, main enrollments, persons', () => {
            for (const r of records) {
                assert.match(r['Soort hoger onderwijs'], /^(hbo|wo)$/);
                assert.match(r['Type hoger onderwijs binnen soort hoger onderwijs'], r['Soort hoger onderwijs'] === 'hbo' ? /^(ad|ba|ma)$/ : /^(ba|ma)$/);
                assert.match(r.Opleidingsvorm, /^[123]$/);
                assert.match(r['Soort inschrijving hoger onderwijs'], /^[123]$/);
                const y = Number(r.Inschrijvingsjaar);
                const from = r['Datum inschrijving'];
                const until = r['Datum uitschrijving'];
                assert.ok(from >= `${y}0901` && from <= `${y + 1}0831`, `${from} in ${y}`);
                assert.ok(until === '00000000' || (until >= from && until <= `${y + 1}0831`), `${from}-${until} in ${y}`);
                // active on 1 October and main: hoofdinschrijving (1); not active on 1 October: 3
                const active = from <= `${y}1001` && (until === '00000000' || until >= `${y}1001`);
                assert.equal(r['Soort inschrijving hoger onderwijs'], active ? (r['Code bekostiging'] === 'J' ? '1' : '2') : '3');
                assert.match(r.Geslacht, /^[MVO]$/);
                assert.ok((r.Burgerservicenummer === '') !== (r.Onderwijsnummer === ''), 'a BSN or an onderwijsnummer');
                if (r.Burgerservicenummer) assert.ok(passesElfproef(r.Burgerservicenummer, 0), r.Burgerservicenummer);
                else assert.ok(passesElfproef(r.Onderwijsnummer, 5), r.Onderwijsnummer);
                assert.equal(r.Burgerservicenummer || r.Onderwijsnummer, personIds(WINDOW.seed, Number(r['Persoonsgebonden nummer'])).bsn || personIds(WINDOW.seed, Number(r['Persoonsgebonden nummer'])).onderwijsnummer);
            }
        });

        it('carries every hbo/wo diploma of the window, with DUO\'s diploma year (October T to September T+1)', () => {
            const start = `${WINDOW.firstYear}0901`;
            // One diploma per record: a propedeuse in the study year of the final diploma of the same enrollment is
            // not shown (a Feb-intake Associate degree can have both in one study year).
            const ho = csv.diplomas.filter((d) => (d[3] === 'HBO' || d[3] === 'WO') && d[6] >= start);
            const final = new Set(ho.filter((d) => d[5] === 'D').map((d) => `${d[0]} ${d[1]} ${d[2]} ${studyYear(iso(d[6]))}`));
            const want = ho.filter((d) => d[5] === 'D' || !final.has(`${d[0]} ${d[1]} ${d[2]} ${studyYear(iso(d[6]))}`))
                .map((d) => `${number(d[0])} ${d[1]} ${d[2]} ${d[6]} ${d[5] === 'P' ? 'D' : { BA: 'B', MA: 'M', AD: 'A' }[d[4]]}`).sort();
            const got = records.filter((r) => r.Diplomajaar !== '0000')
                .map((r) => `${Number(r['Persoonsgebonden nummer'])} ${r.Instellingscode} ${r.Opleidingscode} ${r['Datum tekening diploma']} ${r['Opleidingsfase actueel van het diploma']}`).sort();
            assert.ok(want.length > 300);
            assert.deepEqual(got, want);
            for (const r of records.filter((x) => x.Diplomajaar !== '0000')) {
                const date = r['Datum tekening diploma'];
                assert.equal(Number(r.Diplomajaar), Number(date.slice(0, 4)) - (Number(date.slice(4, 6)) >= 10 ? 0 : 1), date);
                assert.match(r['Soort diploma hoger onderwijs'], r['Opleidingsfase actueel van het diploma'] === 'D' ? /^0[12]$/ : /^(0[3-6]|1[34])$/);
            }
        });

        it('gives prior education as codes of Dec_vopl.asc, with the school year starting in the diploma year', () => {
            const prior = new Map<number, string[][]>();
            for (const p of csv.prior) prior.set(number(p[0]), [...(prior.get(number(p[0])) ?? []), p]);
            const category: Record<string, string> = { '002': 'HAVO', '003': 'MBO-4', '004': 'VWO', '005': 'BUITENL', '001': 'VMBO-T MBO-2 MBO-3' };
            let checked = 0;
            for (const r of records) {
                for (const field of ['Hoogste vooropleiding vóór het HO', 'Hoogste vooropleiding binnen het HO', 'Hoogste vooropleiding']) {
                    if (r[field] !== '') assert.ok(VOPL.has(r[field]), `${field} ${r[field]} is not in Dec_vopl.asc`);
                }
                const code = r['Hoogste vooropleiding vóór het HO'];
                if (code === '00000') continue;
                // the same category and diploma year as in vooropleidingen.csv (a June 2020 diploma is "2019")
                const own = prior.get(Number(r['Persoonsgebonden nummer'])) ?? [];
                const year = r['Diplomajaar van de hoogste vooropl. vóór het HO'];
                assert.ok(own.some((p) => category[code.slice(0, 3)].split(' ').includes(p[1]) && p[2] === year), `${code} ${year} of ${r['Persoonsgebonden nummer']}: ${JSON.stringify(own)}`);
                assert.ok(Number(year) < Number(r.Inschrijvingsjaar) + 1);
                checked++;
            }
            assert.ok(checked > 1000, `${checked} records with prior education`);
        });
    });

    describe('mbo-ro: RO files per mbo institution', () => {
        let files: Map<string, string[][]>;
        before(() => {
            files = new Map();
            for (const f of fs.readdirSync(path.join(all, 'mbo-ro'))) {
                const text = fs.readFileSync(path.join(all, 'mbo-ro', f), 'utf8');
                assert.ok(text.endsWith('\r\n'), `${f} ends in CRLF`);
                files.set(f, text.slice(0, -2).split('\r\n').map((l) => l.split('|')));
            }
        });

        it('opens each file with its VLP line and gives each record type its fields', () => {
            const widths: Record<string, number> = { PER: 5, ISG: 8, ISP: 13, DIP: 10 };
            for (const [f, lines] of files) {
                const [, brin, from, until] = /^RO_(\w{4})_(\d{8})_(\d{8})\.csv$/.exec(f)!;
                assert.deepEqual(lines[0], ['VLP', brin, iso(from), iso(until), '2024-10-01']);
                for (const l of lines.slice(1)) {
                    assert.equal(l.length, widths[l[0]], `${f}: ${l.join('|')}`);
                    assert.ok((l[1] === '') !== (l[2] === ''), `a BSN or an onderwijsnummer: ${l.join('|')}`);
                }
            }
        });

        it('has the mbo enrollments and diplomas of the CSV files, institution by institution', () => {
            const isg: string[] = [];
            const per = new Set<string>();
            let dip = 0;
            for (const [f, lines] of files) {
                const brin = f.slice(3, 7);
                for (const l of lines) {
                    if (l[0] === 'PER') per.add(`${l[1] || l[2]} ${brin}`);
                    if (l[0] === 'DIP') dip++;
                    if (l[0] !== 'ISG') continue;
                    const isp = lines.find((x) => x[0] === 'ISP' && x[1] === l[1] && x[2] === l[2] && x[3] === l[3])!;
                    // volgnummer, start, actual end, reason; the programme period starts with the registration
                    assert.equal(isp[4], l[4]);
                    assert.match(l[7], l[6] === '' ? /^$/ : /^0[28]$/);
                    isg.push(`${l[1] || l[2]} ${brin} ${isp[5]} ${isp[6]} ${isp[7]} ${l[4]} ${l[6]} ${l[7]}`);
                }
            }
            const id = (persoonsnummer: string): string => {
                const ids = personIds(WINDOW.seed, number(persoonsnummer));
                return ids.bsn || ids.onderwijsnummer;
            };
            const mbo = csv.enrollments.filter((e) => e[3] === 'MBO');
            const want = mbo.map((e) => `${id(e[0])} ${e[1]} ${e[2]} ${e[5]} ${e[4]} ${iso(e[8])} ${e[9] === '00000000' ? '' : iso(e[9])} ${e[10] === '' ? '' : e[10] === 'diploma' ? '08' : '02'}`);
            assert.ok(want.length > 500);
            assert.deepEqual(isg.sort(), want.sort());
            assert.deepEqual([...per].sort(), [...new Set(mbo.map((e) => `${id(e[0])} ${e[1]}`))].sort());
            // every mbo diploma of an enrollment in the files (enrollments before the window have no ISG line)
            const inWindow = csv.diplomas.filter((d) => d[3] === 'MBO' && mbo.some((e) => e[0] === d[0] && e[1] === d[1] && e[2] === d[2]
                && e[8] <= d[6] && (e[9] === '00000000' || d[6] <= e[9])));
            assert.equal(dip, inWindow.length);
        });
    });

    it('leaves no file behind when it fails (a layout without the fields it needs)', async () => {
        const dir = tempDir();
        const layout = path.join(tempDir(), 'kort.layout');
        fs.writeFileSync(layout, 'Persoonsgebonden nummer 1 12\nInschrijvingsjaar 13 4\n');
        const r = await stroomIn(['generate', '--out', dir, '--persons', '200', '--format', 'all', '--layout', layout]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /the 1cijferHO layout has no field 'Instellingscode'/);
        assert.deepEqual(fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, String(f))).isFile()), []);
    });
});
