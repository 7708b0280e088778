// `stroom explain` as a reader meets it: the definition in sentences, in Dutch or English, with the concrete dates of a
// cohort year, the seed's three questions answered, every choice with where it came from (file and line of the
// clause, the convention and its citation, the workspace, the default), a self-contained HTML page, the funnel when
// the data can be read (and a plain note when it cannot), and usage errors that exit 2. Expected lines and line
// numbers are read from the example files, never from the program's output.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHOICES, loadWorkspace, prepare } from '@stroom/language';
import { EXAMPLES, MINI_CSV, MINI_SOURCE, stroom, tempDir, writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

const HAVO_HBO = path.join(EXAMPLES, 'havo-hbo.stroom');
const CONVENTIONS = path.join(EXAMPLES, 'conventions', 'published.stroom');

/** 1-based line of the first line matching `pattern` at or after the line matching `after`. */
function lineOf(file: string, after: RegExp, pattern: RegExp): number {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) => after.test(l));
    assert.ok(start >= 0, `${after} not in ${file}`);
    const i = lines.findIndex((l, n) => n >= start && pattern.test(l));
    assert.ok(i >= 0, `${pattern} not in ${file} after ${after}`);
    return i + 1;
}

/** The citation of a convention, read from the conventions file. */
function citation(name: string): string {
    const text = fs.readFileSync(CONVENTIONS, 'utf8');
    const block = text.slice(text.indexOf(`convention ${name} `));
    return /cite "([^"]+)"/.exec(block)![1];
}

/** The list item of the choices section for a clause: `- **Label** (`clause`): ...`. */
function choiceLine(text: string, clause: string): string {
    const line = text.split('\n').find((l) => l.startsWith('- **') && l.includes(`(\`${clause}\`)`));
    assert.ok(line, `no line for \`${clause}\` in:\n${text}`);
    return line;
}

/** The answer to one of the three questions (its numbered line). */
function answer(text: string, n: 1 | 2 | 3): string {
    const line = text.split('\n').find((l) => l.startsWith(`${n}. **`));
    assert.ok(line, `no answer ${n} in:\n${text}`);
    return line;
}

describe('stroom explain', () => {
    let nl: CliResult;
    let en: CliResult;
    before(async () => {
        nl = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalCBS']);
        en = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalCBS', '--lang', 'en']);
    });

    it('says in Dutch by default, and in English with --lang en, on which days cohort 2018 is counted and measured', () => {
        assert.equal(nl.status, 0, nl.stderr);
        assert.equal(en.status, 0, en.stderr);
        assert.ok(nl.stdout.includes('geteld op 1 oktober 2018, gemeten op 1 oktober 2019 voor cohort 2018'), nl.stdout);
        assert.ok(en.stdout.includes('counted on 1 October 2018, measured on 1 October 2019 for cohort 2018'), en.stdout);
        // Every cohort year of `years 2016..2023`, the last one incomplete with its reason.
        for (let y = 2016; y <= 2023; y++) assert.ok(nl.stdout.includes(`gemeten op 1 oktober ${y + 1} voor cohort ${y}`), `${y}`);
        assert.match(nl.stdout, /voor cohort 2023 [^\n]*niet te berekenen met deze gegevens: meetmoment vraagt 2024-10-01, data eindigen 2024-09-30/);
        assert.match(en.stdout, /for cohort 2023 [^\n]*cannot be computed from these data: horizon needs 2024-10-01, data end 2024-09-30/);
        // Direct inflow: the prior diploma's school year, and the history the newness is checked against.
        assert.match(nl.stdout, /voor cohort 2018 \(vooropleiding behaald in schooljaar 2017\/2018; nieuw: niet in dezelfde opleiding op de peildata van 1 oktober 2014 tot en met 1 oktober 2017\)/);
    });

    it('answers the three questions in words, in a section of their own, in both languages', async () => {
        assert.match(nl.stdout, /\n## De drie vragen\n\n1\. \*\*Directe of indirecte instroom\?\*\*/);
        assert.match(answer(nl.stdout, 1), /Alleen directe instroom: de hoogste vooropleiding is behaald in het schooljaar vóór het cohortjaar/);
        assert.match(answer(nl.stdout, 2), /\*\*Wat telt een switcher als\?\*\* Een switcher telt als uitval/);
        assert.match(answer(nl.stdout, 3), /\*\*Welke bron\?\*\* Bron `sources\.Voorbeeld` "Voorbeeldbestanden \(synthetisch\)", van Stroom \(synthetische data\): de standaardbron van de werkruimte \(defaultSource in stroom\.json\)/);
        assert.match(en.stdout, /\n## The three questions\n\n1\. \*\*Direct or indirect inflow\?\*\* Direct inflow only/);
        assert.match(answer(en.stdout, 2), /\*\*What does a switcher count as\?\*\* A switcher counts as dropout/);
        assert.match(answer(en.stdout, 3), /\*\*Which source\?\*\* Source `sources\.Voorbeeld` "Voorbeeldbestanden \(synthetisch\)", by Stroom \(synthetische data\): the workspace's default source/);

        // OCW: a switch inside higher education is not dropout; VH: a switch is its own outcome.
        const ocw = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalOCW', '--no-data']);
        assert.match(answer(ocw.stdout, 2), /Een switcher telt niet als uitval maar als behouden: wie op het meetmoment niet meer in dezelfde sector ingeschreven is, maar wel in `hbo`, `wo`, telt als blijver/);
        const vh = await stroomIn(['explain', HAVO_HBO, '--indicator', 'StudiewisselVH', '--no-data', '--lang', 'en']);
        assert.match(answer(vh.stdout, 2), /A switcher is an outcome of its own/);
    });

    it('says when a question does not apply, and how the source was pinned', async () => {
        const vsv = await stroomIn(['explain', path.join(EXAMPLES, 'vsv.stroom'), '--indicator', 'Vsv', '--no-data']);
        assert.equal(vsv.status, 0, vsv.stderr);
        assert.match(answer(vsv.stdout, 1), /Niet van toepassing: dit is een cohort van ingeschrevenen/);
        assert.match(answer(vsv.stdout, 2), /Niet van toepassing: vsv kent geen switchbehandeling/);
        const on = lineOf(path.join(EXAMPLES, 'vsv.stroom'), /^indicator Vsv /, /^\s*on Voorbeeld/);
        assert.ok(answer(vsv.stdout, 3).includes(`vastgelegd met \`on Voorbeeld\` in \`indicator Vsv\` (vsv.stroom:${on})`), answer(vsv.stdout, 3));
        assert.match(vsv.stdout, /geteld op 1 oktober 2018, gemeten op 1 oktober 2019 voor cohort 2018 \(startkwalificatie uiterlijk 31 december 2019\)/);
        const en = await stroomIn(['explain', path.join(EXAMPLES, 'vsv.stroom'), '--indicator', 'Vsv', '--no-data', '--lang', 'en']);
        assert.match(answer(en.stdout, 1), /Not applicable: this is a cohort of enrolled people/);
        assert.match(answer(en.stdout, 2), /Not applicable: vsv has no switch treatment/);
        const chosen = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalCBS', '--no-data', '--source', 'Voorbeeld']);
        assert.match(answer(chosen.stdout, 3), /: gekozen met --source\./);
    });

    it('gives every choice of the card, in card order, with where it came from and the convention\'s citation', async () => {
        const ws = await loadWorkspace(HAVO_HBO, [HAVO_HBO]);
        const [p] = prepare(ws, HAVO_HBO, { indicator: 'UitvalCBS' });
        const section = nl.stdout.slice(nl.stdout.indexOf('## Elke keuze'), nl.stdout.indexOf('## Data per cohortjaar'));
        const items = section.split('\n').filter((l) => l.startsWith('- **'));
        const keys = CHOICES.filter((c) => p.definition.choices[c.key]).map((c) => c.key);
        assert.equal(items.length, keys.length, section);
        // In card order: the clause of each item is the card's clause.
        const clauses = items.map((l) => /\(`([^`]+)`\)/.exec(l)![1]);
        assert.deepEqual(clauses.slice(0, 3), ['peildatum 1 october', 'entry first in programme', 'inflow direct gap 0 years']);
        assert.equal(clauses[clauses.length - 1], 'suppress below 5');

        // Explicit: the cohort's or indicator's file and line.
        const inflowLine = lineOf(HAVO_HBO, /^cohort HavoHbo/, /inflow direct/);
        assert.ok(choiceLine(nl.stdout, 'inflow direct gap 0 years').endsWith(`Vastgelegd in \`cohort HavoHbo\` (havo-hbo.stroom:${inflowLine}).`));
        const after = lineOf(HAVO_HBO, /^indicator UitvalCBS/, /after 1 year/);
        assert.ok(choiceLine(en.stdout, 'after 1 year').endsWith(`Set in \`indicator UitvalCBS\` (havo-hbo.stroom:${after}).`));
        // Convention: its file and line, and its citation (at its first mention, in the second question).
        const scope = lineOf(CONVENTIONS, /^convention CBS /, /^\s*scope programme/);
        assert.ok(choiceLine(nl.stdout, 'scope programme').endsWith(`Uit conventie \`CBS\` (conventions/published.stroom:${scope}).`), choiceLine(nl.stdout, 'scope programme'));
        const sw = lineOf(CONVENTIONS, /^convention CBS /, /^\s*switchers count as dropout/);
        assert.ok(answer(nl.stdout, 2).endsWith(`Uit conventie \`CBS\` (conventions/published.stroom:${sw}), die verwijst naar: ${citation('CBS')}.`), answer(nl.stdout, 2));
        assert.ok(answer(en.stdout, 2).endsWith(`From convention \`CBS\` (conventions/published.stroom:${sw}), which cites: ${citation('CBS')}.`));
        // The workspace and the default.
        assert.ok(choiceLine(nl.stdout, 'suppress below 5').endsWith('Uit de werkruimte (stroom.json).'));
        assert.ok(choiceLine(en.stdout, 'level any').endsWith('No filter on level. The default.'));
        assert.ok(choiceLine(nl.stdout, 'reentry horizon').endsWith('Standaardwaarde.'));
        // Another convention's citation, at its first mention.
        const unl = await stroomIn(['explain', path.join(EXAMPLES, 'wo-unl.stroom'), '--indicator', 'UitvalUNL', '--no-data', '--lang', 'en']);
        assert.ok(unl.stdout.includes(`which cites: ${citation('UNL')}.`), unl.stdout);
    });

    it('tells the dates of graduating and leaving cohorts, and a peildatum before the study year starts', async () => {
        const vo = await stroomIn(['explain', path.join(EXAMPLES, 'vo-bestemming.stroom'), '--indicator', 'BestemmingHavoVwoNa1Jaar', '--no-data']);
        assert.ok(vo.stdout.includes("geteld: diploma's van 1 september 2017 tot en met 31 augustus 2018, gemeten op 1 oktober 2019 voor cohort 2018."), vo.stdout);
        const mbo = await stroomIn(['explain', path.join(EXAMPLES, 'mbo.stroom'), '--indicator', 'Jaarresultaat', '--no-data', '--lang', 'en']);
        assert.ok(mbo.stdout.includes('counted from 1 October 2018 to 30 September 2019 (enrolled on 1 October 2018, no longer on 1 October 2019) for cohort 2018.'), mbo.stdout);
        // 1 February, study year from 1 August: P(2018) is 1 February 2019.
        const dir = writeFiles({
            'stroom.json': '{}\n', ...MINI_CSV,
            'src.stroom': MINI_SOURCE.replace('observed from', 'peildatum 1 february\n    study year starts 1 august\n    observed from'),
            'uitval.stroom': 'package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n    years 2018..2019\n}\nindicator U {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as dropout\n}\n',
        });
        const feb = await stroomIn(['explain', 'uitval.stroom', '--no-data'], dir);
        assert.equal(feb.status, 0, feb.stderr);
        assert.ok(feb.stdout.includes('geteld op 1 februari 2019, gemeten op 1 februari 2020 voor cohort 2018'), feb.stdout);
        assert.match(choiceLine(feb.stdout, 'peildatum 1 february'), /in het kalenderjaar na de start van het studiejaar \(dat begint op 1 augustus\)\. Van bron `Mini`\./);
    });

    it('speaks the workspace\'s language ("language": "en" in stroom.json) unless --lang says otherwise', async () => {
        const dir = writeFiles({
            'stroom.json': '{ "language": "en" }\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE,
            'uitval.stroom': 'package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n    years 2020..2020\n}\nindicator U {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as dropout\n}\n',
        });
        const en = await stroomIn(['explain', 'uitval.stroom', '--no-data'], dir);
        assert.ok(en.stdout.includes('counted on 1 October 2020, measured on 1 October 2021 for cohort 2020'), en.stdout);
        const nl = await stroomIn(['explain', 'uitval.stroom', '--no-data', '--lang', 'nl'], dir);
        assert.ok(nl.stdout.includes('geteld op 1 oktober 2020, gemeten op 1 oktober 2021 voor cohort 2020'), nl.stdout);
        const funnel = await stroomIn(['funnel', 'uitval.stroom'], dir);
        assert.match(funnel.stdout, /\nenrolled on the reference date +1\b|\nenrolled on the reference date +<5/);
    });

    it('includes the funnel when the data can be read, ending on the cohort `run` counts', async () => {
        const ocw = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalOCW']);
        assert.equal(ocw.status, 0, ocw.stderr);
        const section = ocw.stdout.slice(ocw.stdout.indexOf('## Trechter'));
        const cells = (l: string) => l.replace(/^\| | \|$/g, '').split(' | ');
        const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| stap')).map(cells);
        assert.deepEqual(rows.map((r) => r[1]), ['', 'entry first in sector, lookback all', 'sector hbo', 'prior havo', 'inflow direct gap 0 years', 'mode fulltime']);
        assert.equal(rows[0][0], 'ingeschreven op de peildatum');
        const years = cells(section.split('\n').find((l) => l.startsWith('| stap'))!).slice(2).map(Number);
        const run = JSON.parse((await stroomIn(['run', HAVO_HBO, '--indicator', 'UitvalOCW', '--format', 'json'])).stdout);
        const sizes = new Map<number, number>(run.results[0].rows.map((r: { cohort_year: number; cohort_size: number }) => [r.cohort_year, r.cohort_size]));
        assert.deepEqual(years, [...sizes.keys()]);
        assert.deepEqual(rows[rows.length - 1].slice(2).map(Number), years.map((y) => sizes.get(y)));
        const skipped = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalCBS', '--no-data', '--lang', 'en']);
        assert.match(skipped.stdout, /## Funnel: who each clause keeps\n\nThe funnel was skipped \(--no-data\)\.\n/);
    });

    it('says, without failing, that the funnel could not be computed when the data cannot be read', async () => {
        const dir = writeFiles({ 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE, 'uitval.stroom': 'package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n}\nindicator U {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as dropout\n}\n' });
        const r = await stroomIn(['explain', 'uitval.stroom'], dir);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /De trechter kon niet berekend worden: .*data\/enr\.csv/);
        assert.match(r.stdout, /geteld op 1 oktober 2018, gemeten op 1 oktober 2019 voor cohort 2018/);
    });

    it('writes a self-contained HTML page with the same content, nothing loaded from elsewhere', async () => {
        const out = path.join(tempDir(), 'uitleg.html');
        const r = await stroomIn(['explain', HAVO_HBO, '--format', 'html', '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, '');
        const html = fs.readFileSync(out, 'utf8');
        assert.match(html, /^<!DOCTYPE html>\n<html lang="nl">/);
        assert.match(html, /<style>[^<]+<\/style>/);
        assert.ok(html.includes('geteld op 1 oktober 2018, gemeten op 1 oktober 2019 voor cohort 2018'));
        assert.ok(html.includes('<strong>Directe of indirecte instroom?</strong>'));
        for (const name of ['UitvalCBS', 'UitvalOCW', 'StudiewisselVH', 'Rendement5']) assert.match(html, new RegExp(`<h1>${name} — `));
        assert.ok(html.includes(`die verwijst naar: ${citation('CBS')}`));
        assert.ok(/<table>[\s\S]*<td class="n">\d+<\/td>/.test(html), 'the funnel table');
        // Nothing that loads anything: no scripts, links, imports, URLs or external sources.
        assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
        assert.doesNotMatch(html, /\s(src|href)\s*=/i);
        assert.doesNotMatch(html, /https?:/i);
        const en = await stroomIn(['explain', HAVO_HBO, '--indicator', 'UitvalCBS', '--format', 'html', '--lang', 'en', '--no-data']);
        assert.match(en.stdout, /<html lang="en">/);
        assert.ok(en.stdout.includes('counted on 1 October 2018, measured on 1 October 2019 for cohort 2018'));
    });

    it('exits 2 on an unknown --indicator or --source with a clear message, 1 on a definition error', async () => {
        // The real binary, once: its exit code and stderr (the other explain tests run in-process).
        const r = stroom(['explain', HAVO_HBO, '--indicator', 'UitvalXYZ']);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^stroom: .*havo-hbo\.stroom has no indicator UitvalXYZ; it has: UitvalCBS, UitvalOCW, StudiewisselVH, Rendement5/);
        const s = await stroomIn(['explain', HAVO_HBO, '--source', 'Nergens']);
        assert.equal(s.status, 2);
        assert.match(s.stderr, /no source Nergens in the workspace \(sources: .*Voorbeeld/);
        const lang = await stroomIn(['explain', HAVO_HBO, '--lang', 'de']);
        assert.equal(lang.status, 2);
        const dir = writeFiles({ 'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': 'package t\ncohort C {\n    entry first in sector hbo\n}\nindicator U {\n    cohort C\n    measure dropout\n}\n' });
        const broken = await stroomIn(['explain', 'uitval.stroom'], dir);
        assert.equal(broken.status, 1);
        assert.match(broken.stderr, /missing-choice/);
        const nowhere = await stroomIn(['explain', HAVO_HBO, '--out', path.join(tempDir(), 'no-such-folder', 'x.md')]);
        assert.equal(nowhere.status, 2);
        assert.match(nowhere.stderr, /no-such-folder/);
    });
});
