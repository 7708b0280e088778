// The conventions library (examples/conventions/): every published definition the project names is there, each
// cites its publication and says what is unverified, each is used by an example indicator that `stroom run` computes
// on the bundled data with figures to show, and each is pinned by hand-worked example blocks. Figures that follow
// from the definitions (not from the data) are checked too: NCO and DUO place the same graduates a year apart,
// the Inspectie's two rendement variants nest, VH's uitval and studiewissel are parts of one cohort.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ast, cohortOf, docComment, loadWorkspace, unquote } from '@stroom/language';
import { EXAMPLES } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';

const CONVENTIONS = path.join(EXAMPLES, 'conventions');

/** The published definitions the conventions library must hold (issue 5), by convention name. */
const REQUIRED: Record<string, string> = {
    CBS: 'CBS studieuitval',
    ResearchNed: 'OCW/ResearchNed monitor',
    UNL: 'UNL standard cohort',
    VH: 'VH dashboard (uitval and studiewissel)',
    InspectieHO: 'Inspectie HO instroomcohort',
    InspectieHORendement: 'Inspectie HO diplomarendement over re-enrolled students',
    InspectieMbo: 'Inspectie mbo startersresultaat',
    InspectieJaarresultaat: 'Inspectie mbo jaarresultaat',
    DuoVsv: 'DUO/OCW vsv',
    DuoBestemming: 'DUO destination of vo graduates',
    NCO: 'NCO uitstroomcohort',
    VenstersBestendigheid: 'Vensters bestendigheid',
};

interface Convention {
    readonly name: string;
    readonly file: string;
    readonly citation: string;
    readonly doc: string;
}

interface Row {
    readonly cohort_year: number;
    readonly breakdown: Record<string, string | null>;
    readonly cohort_size: number | null;
    readonly count: number | null;
    readonly rate: number | null;
    readonly suppressed: boolean;
}

interface Result {
    readonly indicator: string;
    readonly measure: string;
    readonly card: ReadonlyArray<{ readonly choice: string; readonly value: string; readonly from: string }>;
    readonly rows: readonly Row[];
}

/** Every .stroom file of the example workspace that defines an indicator. */
function definitionFiles(dir = EXAMPLES): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'data' ? [] : definitionFiles(full);
        return entry.name.endsWith('.stroom') && /^indicator /m.test(fs.readFileSync(full, 'utf8')) ? [full] : [];
    }).sort();
}

/** The conventions an indicator's card takes a value from (`convention X (conventions/...)`). */
function conventionsOf(result: Result): Set<string> {
    return new Set(result.card.map((c) => /^convention (\w+) \(conventions\//.exec(c.from)?.[1]).filter((n): n is string => !!n));
}

/** Count and cohort size summed over the computed rows (optionally those with one breakdown value). */
function pooled(rows: readonly Row[], filter: (r: Row) => boolean = () => true): { count: number; size: number; rate: number } {
    // Rows whose count disclosure control hides (null) are left out with their size.
    const ok = rows.filter((r) => r.cohort_size !== null && r.count !== null && filter(r));
    assert.ok(ok.length > 0, 'no computed rows');
    const count = ok.reduce((a, r) => a + (r.count ?? 0), 0);
    // A distribution has one row per category: count each cohort year (and breakdown) once.
    const sizes = new Map(ok.map((r) => [`${r.cohort_year}|${JSON.stringify({ ...r.breakdown, destination: undefined })}`, r.cohort_size ?? 0]));
    const size = [...sizes.values()].reduce((a, b) => a + b, 0);
    return { count, size, rate: (100 * count) / size };
}

describe('conventions library', function () {
    this.timeout(600_000);
    const conventions: Convention[] = [];
    /** Every computed indicator, by qualified name, with the file it was run from. */
    const results = new Map<string, Result & { file: string }>();
    const examplesPerConvention = new Map<string, Set<string>>();

    before(async () => {
        const ws = await loadWorkspace(EXAMPLES);
        const conventionDocs = ws.documents.filter((d) => !path.relative(CONVENTIONS, d.uri.fsPath).startsWith('..'));
        for (const doc of conventionDocs) {
            for (const c of doc.parseResult.value.elements.filter(ast.isConvention)) {
                const cite = c.clauses.find(ast.isCiteClause);
                conventions.push({ name: c.name, file: path.relative(EXAMPLES, doc.uri.fsPath), citation: unquote(cite?.citation), doc: docComment(c) ?? '' });
            }
        }
        // Which conventions each example block pins: the conventions of the indicators (and their cohorts) it expects on.
        for (const doc of ws.documents) {
            for (const example of doc.parseResult.value.elements.filter(ast.isExample)) {
                for (const member of example.members) {
                    const target = ast.isExpectOutcome(member) ? member.indicator?.ref : ast.isExpectMember(member) ? member.target?.ref : undefined;
                    if (!target || !ast.isIndicator(target)) continue;
                    for (const c of [target.convention?.ref, cohortOf(target)?.convention?.ref]) {
                        if (!c) continue;
                        const blocks = examplesPerConvention.get(c.name) ?? new Set<string>();
                        blocks.add(`${path.relative(EXAMPLES, doc.uri.fsPath)}: ${example.name}`);
                        examplesPerConvention.set(c.name, blocks);
                    }
                }
            }
        }
        for (const file of definitionFiles()) {
            const r = await stroomIn(['run', file, '--format', 'json']);
            // A file on a database source (consortium.stroom) needs PostgreSQL: test/cli/consortium.test.ts runs it.
            if (r.status === 2 && /^stroom: source \w+ reads database tables? /.test(r.stderr)) continue;
            assert.equal(r.status, 0, `${path.relative(EXAMPLES, file)}: ${r.stderr}`);
            for (const result of JSON.parse(r.stdout).results as Result[]) {
                results.set(result.indicator, { ...result, file: path.relative(EXAMPLES, file) });
            }
        }
    });

    const result = (name: string): Result => {
        const r = [...results.values()].find((x) => x.indicator === name || x.indicator.endsWith(`.${name}`));
        assert.ok(r, `${name} was not computed`);
        return r;
    };

    it('holds every published definition of the issue, each once', () => {
        const names = conventions.map((c) => c.name);
        assert.equal(new Set(names).size, names.length, `a convention name twice: ${names.join(', ')}`);
        for (const [name, what] of Object.entries(REQUIRED)) assert.ok(names.includes(name), `${what}: no convention ${name}`);
    });

    it('gives every convention a citation and a note on what is checked and what is unverified', () => {
        for (const c of conventions) {
            assert.ok(c.citation.length >= 20, `${c.file}: convention ${c.name} has no citation`);
            assert.ok(c.doc.length > 0, `${c.file}: convention ${c.name} has no /// documentation`);
            assert.match(c.doc, /\bUnverified\b/, `${c.file}: convention ${c.name} does not say what is unverified`);
        }
    });

    it('uses every convention in at least one example indicator that runs on the bundled data', () => {
        for (const c of conventions) {
            const users = [...results.values()].filter((r) => conventionsOf(r).has(c.name)).map((r) => r.indicator);
            assert.ok(users.length > 0, `no example indicator computed on the bundled data uses convention ${c.name}`);
        }
    });

    it('shows at least one figure that is not suppressed for every indicator that uses a convention', () => {
        let checked = 0;
        for (const r of results.values()) {
            if (conventionsOf(r).size === 0) continue;
            const shown = r.rows.filter((row) => !row.suppressed && row.rate !== null && row.cohort_size !== null && row.cohort_size > 0);
            assert.ok(shown.length > 0, `${r.file}: ${r.indicator} has no figure that is not suppressed`);
            checked++;
        }
        assert.ok(checked >= conventions.length, `only ${checked} indicators use a convention`);
    });

    it('pins every convention with at least one hand-worked example block', () => {
        for (const c of conventions) {
            assert.ok((examplesPerConvention.get(c.name)?.size ?? 0) > 0, `no example block expects anything of an indicator using ${c.name}`);
        }
    });

    // What the definitions imply, whatever the data.

    it('NCO and DUO place the same graduates: a cohort of the same size, read a year apart', () => {
        const nco = result('PositieNCO');
        const duo = result('BestemmingHavoVwo');
        assert.deepEqual(conventionsOf(nco), new Set(['NCO']));
        assert.ok(nco.card.some((c) => c.value === 'after 1 year' && c.from.startsWith('convention NCO')), JSON.stringify(nco.card));
        assert.ok(duo.card.some((c) => c.value === 'after 0 years' && c.from.startsWith('convention DuoBestemming')), JSON.stringify(duo.card));
        // Both cohorts are diploma holders of the year; per level (havo, vwo) and year they hold the same people.
        const sizes = (rows: readonly Row[]) => new Map(rows.filter((r) => r.cohort_size !== null && r.breakdown.level !== 'vmbo-t')
            .map((r) => [`${r.cohort_year} ${r.breakdown.level}`, r.cohort_size]));
        const ncoSizes = sizes(nco.rows);
        let compared = 0;
        for (const [key, size] of sizes(duo.rows)) {
            if (!ncoSizes.has(key)) continue;
            assert.equal(ncoSizes.get(key), size, `cohort ${key}`);
            compared++;
        }
        assert.ok(compared >= 10, `only ${compared} cohort years compared`);
        // The NCO also holds vmbo-t graduates, which the DUO example cohort leaves out.
        assert.ok(nco.rows.some((r) => r.breakdown.level === 'vmbo-t' && r.cohort_size !== null));
    });

    it('nests the Inspectie rendement: re-enrolled in the programme is a part of re-enrolled at the institution', () => {
        const strict = result('RendementInspectieHO');
        const wide = result('DiplomarendementHbo');
        let compared = 0;
        for (const row of strict.rows.filter((r) => r.cohort_size !== null)) {
            const other = wide.rows.find((r) => r.cohort_year === row.cohort_year);
            assert.ok(other && other.cohort_size !== null, `DiplomarendementHbo has no cohort ${row.cohort_year}`);
            assert.ok(other.cohort_size >= row.cohort_size!, `cohort ${row.cohort_year}: ${other.cohort_size} < ${row.cohort_size} re-enrolled`);
            assert.ok(other.count! >= row.count!, `cohort ${row.cohort_year}: ${other.count} < ${row.count} graduated`);
            compared++;
        }
        assert.ok(compared >= 3, `only ${compared} cohort years compared`);
        for (const name of ['DiplomarendementHbo', 'DiplomarendementWo']) {
            const rate = pooled(result(name).rows).rate;
            assert.ok(rate > 40 && rate < 90, `${name}: ${rate.toFixed(1)}%`);
        }
    });

    it('splits one VH cohort into uitval and studiewissel, with uitval higher after mbo than after havo', () => {
        const uitval = result('UitvalVH');
        const wissel = result('StudiewisselVHDashboard');
        for (const row of uitval.rows.filter((r) => r.cohort_size !== null)) {
            const other = wissel.rows.find((r) => r.cohort_year === row.cohort_year)!;
            assert.equal(other.cohort_size, row.cohort_size, `cohort ${row.cohort_year}`);
            assert.ok(row.count! + other.count! < row.cohort_size!, `cohort ${row.cohort_year}: uitval and studiewissel are all of the cohort`);
        }
        const total = pooled(uitval.rows).rate;
        assert.ok(total > 8 && total < 25, `uitval ${total.toFixed(1)}%`);
        const byPrior = result('UitvalVHPerVooropleiding').rows;
        const mbo = pooled(byPrior, (r) => r.breakdown.prior === 'mbo-4').rate;
        const havo = pooled(byPrior, (r) => r.breakdown.prior === 'havo').rate;
        assert.ok(mbo > havo, `uitval after mbo-4 ${mbo.toFixed(1)}% is not above havo ${havo.toFixed(1)}%`);
    });

    it('keeps most vo graduates who went straight on in the same kind of follow-up education (Vensters)', () => {
        const rows = result('BestendigheidVensters').rows;
        assert.deepEqual(new Set(rows.filter((r) => r.cohort_size !== null).map((r) => r.breakdown.sector)), new Set(['mbo', 'hbo', 'wo']));
        const rate = pooled(rows).rate;
        assert.ok(rate > 70 && rate < 100, `bestendigheid ${rate.toFixed(1)}%`);
    });
});
