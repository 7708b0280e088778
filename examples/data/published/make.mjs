// Rebuilds the published-figure files in this folder from the synthetic example data:
//     node examples/data/published/make.mjs [output folder]
// Real DUO and CBS figures are about real people and cannot match made-up data, so these files take the publishers'
// formats (columns, period notation, decimal comma, cells below 5 shown as "<5") and fill them with what the
// publishers' definitions give on the synthetic data: DUO's destination of havo/vwo graduates and a CBS-style
// table of mbo uitval per leerweg. The test suite checks that the committed files are current.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = path.resolve(process.argv[2] ?? path.dirname(fileURLToPath(import.meta.url)));

/**
 * The exact counts of an indicator, per cohort year and breakdown (a distribution's category last), as the figures
 * step would make them before disclosure control: these files play the publisher, who counts from the records and
 * applies its own rule below. Taken from `stroom run --records`, the only output with unprotected counts.
 */
function run(file, indicator) {
    const r = spawnSync(process.execPath, [path.join(repo, 'packages', 'cli', 'bin', 'stroom.js'), 'run', file, '--indicator', indicator, '--format', 'json', '--records'],
        { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`stroom run ${file} --indicator ${indicator} failed:\n${r.stderr}`);
    const result = JSON.parse(r.stdout).results[0];
    const measured = { dropout: 'dropout' }[result.measure];
    const by = result.measure === 'destination' ? result.breakdown.filter((b) => b !== 'destination') : result.breakdown;
    const cells = new Map();
    const sizes = new Map();
    for (const rec of result.rows) {
        const values = by.map((b) => rec[`by_${b}`] ?? null);
        const cell = JSON.stringify([rec.cohort_year, ...values, ...(measured ? [] : [rec.outcome])]);
        const size = JSON.stringify([rec.cohort_year, ...values]);
        sizes.set(size, (sizes.get(size) ?? 0) + 1);
        const c = cells.get(cell) ?? { cohort_year: rec.cohort_year, values, outcome: rec.outcome, size, count: 0 };
        if (!measured || rec.outcome === measured) c.count++;
        cells.set(cell, c);
    }
    const order = (a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
    return [...cells.values()].map((c) => {
        const size = sizes.get(c.size);
        return {
            cohort_year: c.cohort_year,
            breakdown: Object.fromEntries([...by.map((b, i) => [b, c.values[i]]), ...(measured ? [] : [['destination', c.outcome]])]),
            cohort_size: size, count: c.count, suppressed: size < 5,
            // one decimal, half away from zero, as Stroom rounds rates
            rate: Math.floor((2 * c.count * 1000 + size) / (2 * size)) / 10,
        };
    }).sort((a, b) => a.cohort_year - b.cohort_year
        || Object.values(a.breakdown).map((v, i) => order(v, Object.values(b.breakdown)[i])).find((x) => x !== 0) || 0);
}

/** A count as the publishers show it: below 5 (or in a suppressed cell) as "<5". */
const count = (row, n) => (row.suppressed || n < 5 ? '<5' : String(n));

// DUO open data: "Gediplomeerden vo naar bestemming" (one row per year, school type and destination).
const DESTINATION = {
    'not in education': 'Niet in onderwijs', 'other sector: mbo': 'MBO', 'other sector: hbo': 'HBO', 'other sector: wo': 'WO',
    'other programme, same institution': 'VO', 'same programme': 'VO', 'graduated': 'VO',
};
const duo = ['JAAR;ONDERWIJSTYPE VO;BESTEMMING;AANTAL GEDIPLOMEERDEN'];
for (const row of run('examples/vo-bestemming.stroom', 'BestemmingHavoVwo')) {
    const dest = DESTINATION[row.breakdown.destination];
    if (!dest) throw new Error(`no DUO name for destination '${row.breakdown.destination}'`);
    duo.push([row.cohort_year, row.breakdown.level.toUpperCase(), dest, count(row, row.count)].join(';'));
}

// CBS StatLine: "Mbo; uitval na een jaar, naar leerweg" (StatLine's CSV: quoted, semicolons, decimal comma).
const cbs = ['"ID";"Perioden";"Leerweg";"Instromers_1";"Uitvallers_2";"Uitvalpercentage_3"'];
let id = 0;
for (const row of run('examples/mbo.stroom', 'UitvalMboPerLeerweg')) {
    const y = row.cohort_year;
    const period = `${y}/'${String((y + 1) % 100).padStart(2, '0')}`;
    const small = row.suppressed || row.count < 5;
    const pct = small ? '.' : row.rate.toFixed(1).replace('.', ',');
    cbs.push([String(id++), period, row.breakdown.mode === 'bol' ? 'Bol' : 'Bbl', row.suppressed ? '<5' : String(row.cohort_size), count(row, row.count), pct]
        .map((v) => `"${v}"`).join(';'));
}

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'duo-bestemming-vo.csv'), `${duo.join('\r\n')}\r\n`);
fs.writeFileSync(path.join(out, 'cbs-mbo-uitval.csv'), `${cbs.join('\r\n')}\r\n`);
process.stdout.write(`duo-bestemming-vo.csv: ${duo.length - 1} rows\ncbs-mbo-uitval.csv: ${cbs.length - 1} rows\n`);
