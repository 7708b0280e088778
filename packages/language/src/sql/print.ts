// Plan -> SQL text. Pure: the same plan gives the same text, byte for byte. The query returns integer counts per
// cohort year, breakdown and outcome (or one row per person with --records); rates, rounding, suppression and
// display order happen in TypeScript afterwards (figures.ts).
import * as path from 'node:path';
import type { CodeSet, FieldValue, SwitchDomain } from '../definition/types.js';
import { RECORD_FIELDS, type FieldType, type RecordKind } from '../vocabulary.js';
import { cardText } from '../explain/card.js';
import { commentLines } from './comment.js';
import { q, ROW } from './internal.js';
import { decodeInput, decodesOf, filesOf, mappingInput, whereSql } from './input.js';
import { ENTRY_FLAG_COLUMN, type HistoryPlan, type OutcomePlan, type PeilPlan, type Plan, type RelationPlan, type UnitKey } from '../plan/plan.js';
import type { Dialect } from './dialect.js';

export interface PrintOptions {
    /** One row per person and outcome instead of counts. */
    readonly records?: boolean;
    /** Paths in the header are shown relative to this folder (the workspace root). */
    readonly relativeTo?: string;
    /**
     * The `dataFolders` of stroom.json, as written there (relative to the workspace root, or absolute): a file in
     * one of them outside the root is shown under that entry, so relative entries stay relative to the root.
     */
    readonly dataFolders?: readonly string[];
    /** Classified by source: per cohort year, the persons with the outcome who are not in the population. */
    readonly notInPopulation?: boolean;
    /**
     * A table the engine already built from a relation (the rows `Printer.relation` selects, read and mapped once per
     * run), or undefined to read the data file in the query itself. `stroom compile` prints without it.
     */
    readonly relationTable?: (r: RelationPlan) => string | undefined;
}

const TRUE_WORDS = ['true', '1', 'j', 'ja', 'y', 'yes'];
const FALSE_WORDS = ['false', '0', 'n', 'nee', 'no'];

/**
 * Identifiers the printer writes itself are plain words; anything from a definition is quoted by the dialect.
 * Exported for queries built on the same steps (the funnel): `ctes()` and the helpers are its surface.
 */
export class Printer {
    constructor(readonly d: Dialect, readonly plan: Plan, readonly relativeTo?: string, readonly dataFolders: readonly string[] = [],
        readonly relationTable?: PrintOptions['relationTable']) { }

    /**
     * Data files under the workspace root are printed relative to it, so printed SQL is the same in every clone; a
     * file in a data folder of stroom.json outside the root under that folder as stroom.json writes it ("../gedeeld"
     * stays relative to the root, "/srv/data" is absolute). Only a file in neither keeps its absolute path.
     */
    shownPath(file: string): string {
        if (!this.relativeTo) return file;
        const within = (folder: string): string | undefined => {
            const rel = path.relative(folder, file);
            return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
        };
        const own = within(this.relativeTo);
        if (own !== undefined) return own;
        for (const folder of this.dataFolders) {
            const rel = within(path.resolve(this.relativeTo, folder));
            if (rel !== undefined) return path.posix.join(folder.split(path.sep).join('/'), rel);
        }
        return file;
    }

    id(name: string): string {
        return this.d.quoteIdent(name);
    }

    lit(value: string): string {
        return this.d.quoteString(value);
    }

    list(values: readonly string[]): string {
        return values.map((v) => this.lit(v)).join(', ');
    }

    value(v: FieldValue, type: FieldType): string {
        switch (v.kind) {
            case 'constant':
                if (type === 'boolean') return v.value === 'true' || v.value === 'yes' ? 'TRUE' : 'FALSE';
                if (v.type === 'date') return `DATE ${this.lit(v.value)}`;
                if (v.type === 'number' && type === 'school year') return String(Number(v.value));
                return this.lit(v.value);
            case 'date':
                return this.d.parseDate(this.id(v.column), v.format);
            case 'school year':
                return `CAST(${this.id(v.column)} AS INTEGER)`;
            case 'period':
            case 'year period':
                return this.dateRange(v)[0];
            case 'column': {
                const cell = v.decode ? this.id(decodedName(v.column, v.decode.name))
                    : v.alternatives ? `COALESCE(${[v.column, ...v.alternatives].map((c) => this.id(c)).join(', ')})` : this.id(v.column);
                if (v.map) {
                    const key = v.map.prefix !== undefined ? `substr(${cell}, 1, ${v.map.prefix})` : cell;
                    const out = (code: string) => (type === 'boolean' ? (code === 'true' ? 'TRUE' : 'FALSE') : this.lit(code));
                    const whens = v.map.entries.map(([k, code]) => `WHEN ${this.lit(k)} THEN ${out(code)}`).join(' ');
                    return `CASE ${key} ${whens} END`;
                }
                if (type === 'boolean') {
                    return `CASE WHEN lower(${cell}) IN (${this.list(TRUE_WORDS)}) THEN TRUE WHEN lower(${cell}) IN (${this.list(FALSE_WORDS)}) THEN FALSE END`;
                }
                return cell;
            }
        }
    }

    /** First and last day of a diploma's date: equal for a dated diploma, a period for a year-only one. */
    dateRange(v: FieldValue): [string, string] {
        switch (v.kind) {
            case 'period':
                return [this.d.parseDate(this.id(v.from.column), v.from.format), this.d.parseDate(this.id(v.to.column), v.to.format)];
            case 'year period': {
                const year = `CAST(${this.id(v.column)} AS INTEGER)`;
                return [`make_date(${year}, ${v.start.month}, ${v.start.day})`, `make_date(${year} + 1, ${v.start.month}, ${v.start.day}) - 1`];
            }
            default: {
                const day = this.value(v, 'date');
                return [day, day];
            }
        }
    }

    /** A relation's rows: the engine's table built from it when there is one, else the mapping read from its file. */
    mapped(r: RelationPlan): string {
        const table = this.relationTable?.(r);
        return table ? `SELECT * FROM ${this.id(table)}` : this.relation(r);
    }

    /** The mapping of a relation as a query on its data file: typed fields, the person key required, source_row. */
    relation(r: RelationPlan): string {
        const cols: string[] = r.columns.map((c) => `${this.value(c.value, c.type)} AS ${this.id(c.name)}`);
        if (r.name === 'diploma') {
            const date = r.columns.find((c) => c.name === 'date');
            if (date) cols.push(`${this.dateRange(date.value)[1]} AS "last_day"`);
            // An unmapped kind means final diplomas; it takes the place of the NULL below (two columns named
            // "kind" are ambiguous to PostgreSQL, and DuckDB would silently read the first).
            if (!r.columns.some((c) => c.name === 'kind')) cols.push(`'final' AS "kind"`);
        }
        // Fields a source leaves unmapped exist as typed NULLs, so every query sees the same record shape.
        const record = RECORD_OF[r.name];
        for (const field of record ? RECORD_FIELDS[record] : []) {
            const name = field.name.replace(/ /g, '_');
            if (r.columns.some((c) => c.name === name)) continue;
            if (r.name === 'diploma' && name === 'kind') continue;
            const type = field.type === 'date' ? 'DATE' : field.type === 'boolean' ? 'BOOLEAN' : field.type === 'school year' ? 'INTEGER' : 'VARCHAR';
            cols.push(`CAST(NULL AS ${type}) AS ${this.id(name)}`);
        }
        // The file's row number under its reserved name (sql/internal.ts), which user columns cannot take.
        cols.push(`${q(ROW)} AS "source_row"`);
        // The inner select reads each used column once, with the source's missing-value sentinels (and the empty
        // string) as NULL, and applies the mapping's row filter on the raw values.
        const decodes = decodesOf(r.columns.map((c) => c.value));
        // With decode tables joined, the file's columns are qualified (a file may have a column named "code").
        const ref = (c: string) => (decodes.length > 0 ? `"file".${this.id(c)}` : this.id(c));
        const used = [...new Set(r.columns.flatMap((c) => (c.value.kind === 'column' && c.value.decode ? [] : valueColumns(c.value))))];
        const missing = this.list(['', ...r.missing]);
        // Files arrive as text; a database table's typed columns are read as text too, so one mapping fits both.
        const text = (c: string) => (r.file.format === 'table' ? `CAST(${ref(c)} AS VARCHAR)` : ref(c));
        const cells = used.map((c) => `CASE WHEN ${text(c)} IN (${missing}) THEN NULL ELSE ${text(c)} END AS ${this.id(c)}`);
        // A decoded column: the table's label for the code; a missing code stays missing, as does a code the table
        // lacks (the data checks count those).
        const joins: string[] = [];
        const pairs = [...new Map(r.columns.flatMap((c) => (c.value.kind === 'column' && c.value.decode
            ? [[`${c.value.decode.name}\0${c.value.column}`, { decode: c.value.decode, column: c.value.column }] as const] : []))).values()];
        pairs.forEach(({ decode, column }, i) => {
            const alias = this.id(`decode_${i}`);
            cells.push(`CASE WHEN ${text(column)} IN (${missing}) THEN NULL ELSE ${alias}."label" END AS ${this.id(decodedName(column, decode.name))}`);
            joins.push(`\n    LEFT JOIN ${decodeInput(this.d, decode, this.shownPath(decode.file.path))} AS ${alias} ON ${alias}."code" = ${text(column)}`);
        });
        const where = r.where ? `\n    ${whereSql(this.d, r.where, text, r.missing)}` : '';
        const file = mappingInput(this.d, r, this.shownPath(r.file.path));
        return [
            'SELECT',
            `    ${cols.join(',\n    ')}`,
            '  FROM (',
            `    SELECT\n      ${[...cells, q(ROW)].join(',\n      ')}`,
            `    FROM ${file} AS "file"${joins.join('')}${where}`,
            '  ) AS "cell"',
            ...this.keyed(r),
        ].join('\n');
    }

    /**
     * A record without a person key is left out (the data checks count them): joined on the person, every such record
     * would be one and the same person, in no enrollment of its own, so a dropout.
     */
    keyed(r: RelationPlan): string[] {
        const person = r.columns.find((c) => c.name === 'person');
        if (!person) return [];
        const key = this.value(person.value, person.type);
        return [`  WHERE ${key} IS NOT NULL AND trim(${key}) <> ''`];
    }

    peilDate(yearExpr: string, peil: PeilPlan): string {
        return `make_date(${yearExpr}${peil.offset ? ` + ${peil.offset}` : ''}, ${peil.month}, ${peil.day})`;
    }

    /** First covered peildatum year of a start date; last of an end date (open end: 9999). */
    coverage(): [string, string] {
        const { peil } = this.plan;
        const md = peil.month * 100 + peil.day;
        const off = peil.offset ? ` - ${peil.offset}` : '';
        const monthDay = (c: string) => `EXTRACT(MONTH FROM ${c}) * 100 + EXTRACT(DAY FROM ${c})`;
        const k1 = `CAST(EXTRACT(YEAR FROM "start") AS INTEGER) + CASE WHEN ${monthDay('"start"')} > ${md} THEN 1 ELSE 0 END${off}`;
        const k2 = `CASE WHEN "end" IS NULL THEN 9999 ELSE CAST(EXTRACT(YEAR FROM "end") AS INTEGER) - CASE WHEN ${monthDay('"end"')} < ${md} THEN 1 ELSE 0 END${off} END`;
        return [k1, k2];
    }

    inSet(expr: string, set: CodeSet): string | undefined {
        return set === 'any' ? undefined : `${expr} IN (${this.list(set)})`;
    }

    keyEquals(key: UnitKey, a: string, b: string): string {
        return key.map((k) => `${b}.${this.id(k)} = ${a}.${this.id(k)}`).join(' AND ') || 'TRUE';
    }

    switchDomain(dom: SwitchDomain, e: string, c: string): string {
        switch (dom.kind) {
            case 'institution': return `${e}."institution" = ${c}."institution"`;
            case 'sector': return `${e}."sector" = ${c}."sector"`;
            case 'sectors': return `${e}."sector" IN (${this.list(dom.sectors)})`;
            case 'education': return `${e}."person" IS NOT NULL`;
        }
    }

    /** Enrollment `e` is enrolled on the peildatum of the year expression. */
    covers(e: string, year: string): string {
        return `${e}."k1" <= ${year} AND ${e}."k2" >= ${year}`;
    }

    /** The tie-break of SEMANTICS.md: main first, earliest start, lowest institution and programme, first row. */
    tieBreak(prefix = '', latestFirst = false): string {
        return [
            // A history's enrollment: the latest-starting one, then the rest of the tie-break.
            ...(latestFirst ? [`${prefix}"start" DESC`] : []),
            `COALESCE(${prefix}"main", FALSE) DESC`, ...(latestFirst ? [] : [`${prefix}"start" ASC NULLS LAST`]),
            `${this.d.codePoint(`${prefix}"institution"`)} ASC NULLS LAST`, `${this.d.codePoint(`${prefix}"programme"`)} ASC NULLS LAST`,
            `${prefix}"source_row" ASC`,
        ].join(', ');
    }

    /** Age in completed years on P(y) of the person joined as `pp`. */
    ageOnPeil(): string {
        const p = this.plan.peil;
        const peilMd = p.month * 100 + p.day;
        const birthMd = 'EXTRACT(MONTH FROM pp."birth_date") * 100 + EXTRACT(DAY FROM pp."birth_date")';
        return `y."cohort_year"${p.offset ? ` + ${p.offset}` : ''} - CAST(EXTRACT(YEAR FROM pp."birth_date") AS INTEGER) - CASE WHEN ${peilMd} < ${birthMd} THEN 1 ELSE 0 END`;
    }

    /** The first day of study year `year` (an SQL expression). */
    studyYearStart(year: string): string {
        const s = this.plan.studyYearStart;
        return `make_date(${year}, ${s.month}, ${s.day})`;
    }

    /** The named steps of the query (CTEs), up to "outcome": one row per anchor with its outcome. */
    ctes(): Array<[string, string]> {
        const p = this.plan;
        if (p.classified) return this.classifiedSteps(p.classified);
        const ctes: Array<[string, string]> = [];
        for (const r of p.relations) {
            if (r.name === 'enrollment') {
                ctes.push(['enrollment_record', this.mapped(r)]);
                const [k1, k2] = this.coverage();
                // An enrollment that covers no peildatum (1-15 September) never counts, for history or status.
                const main = p.mainOnly ? ' AND "main"' : '';
                ctes.push(['enrollment', `SELECT * FROM (\n    SELECT\n      *,\n      ${k1} AS "k1",\n      ${k2} AS "k2"\n    FROM "enrollment_record"\n  ) AS "covered"\n  WHERE "k1" <= "k2"${main}`]);
                // History reads every enrollment that started before P(y), whether or not it covered a peildatum (a
                // short vso enrollment counts), main ones only under `main enrollments only`.
                if (this.historyUsed()) ctes.push(['history_enrollment', `SELECT * FROM "enrollment_record"${p.mainOnly ? '\n  WHERE "main"' : ''}`]);
            } else if (r.name === 'person') {
                // A file with a record per enrollment (1cijferHO's EV) repeats each person: the first row counts.
                ctes.push(['person_record', this.mapped(r)]);
                ctes.push(['person', 'SELECT * FROM (\n    SELECT *, row_number() OVER (PARTITION BY "person" ORDER BY "source_row") AS "person_row"\n    FROM "person_record"\n  ) AS "numbered"\n  WHERE "person_row" = 1']);
            } else {
                ctes.push([r.name, this.mapped(r)]);
            }
        }
        ctes.push(['cohort_year', `SELECT * FROM (VALUES ${p.years.map((y) => `(${y})`).join(', ')}) AS "t" ("cohort_year")`]);
        // Entering and enrolled cohorts rank prior education for their candidates only (enrollmentAnchors).
        if (p.needsPrior && p.cohort.kind !== 'entering' && p.cohort.kind !== 'enrolled') this.priorSteps(ctes);

        switch (p.cohort.kind) {
            case 'entering':
            case 'enrolled':
                this.enrollmentAnchors(ctes);
                break;
            case 'graduating':
                this.diplomaAnchors(ctes);
                break;
            case 'leaving':
                this.jaarresultaatPopulation(ctes);
                break;
            case 'deregistration':
                this.deregistrationAnchors(ctes);
                break;
        }
        const m = p.measure;
        switch (m.kind) {
            case 'outcome': this.outcomeSteps(ctes, m.outcome); break;
            case 'vsv': this.vsvOutcome(ctes, m); break;
            case 'startersresultaat': this.startersOutcome(ctes, m.diplomaKinds); break;
            case 'destination': this.destinationOutcome(ctes, m.horizon, m.diplomaKinds, m.diplomaScope); break;
            case 'jaarresultaat': break; // the population step already says diploma or not
            case 'deregistration destination': this.deregistrationDestination(ctes); break;
        }
        return ctes;
    }

    /**
     * Classified by source (SEMANTICS.md, Additions): each population's distinct persons (first row wins), the persons
     * its outcomes file gives the measured outcome, and the population left-joined to them. No date is read.
     */
    classifiedSteps(c: NonNullable<Plan['classified']>): Array<[string, string]> {
        const p = this.plan;
        const m = p.measure;
        if (m.kind !== 'classified') throw new Error('a classified plan measures the classified outcome');
        const ctes: Array<[string, string]> = [];
        const wanted = c.populations.map((pop, i) => ({ ...pop, i })).filter((pop) => p.years.includes(pop.year));
        const text = (rel: RelationPlan, col: string) => (rel.columns.some((x) => x.name === col) ? `CAST(${this.id(col)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
        for (const pop of wanted) {
            ctes.push([`population_record_${pop.i}`, this.mapped(pop.relation)]);
            const cols = [`${pop.year} AS "cohort_year"`, '"person"',
                ...['institution', 'programme', 'sector'].map((f) => `${text(pop.relation, f)} AS ${this.id(f)}`),
                ...p.breakdown.map((b) => `${text(pop.relation, b.column ?? '')} AS ${this.id(`by_${b.name}`)}`)];
            // A person listed twice (two institutions, two levels) is one person: the first row gives the attributes.
            ctes.push([`population_${pop.i}`, [
                `SELECT ${cols.join(', ')}`,
                '  FROM (',
                `    SELECT *, row_number() OVER (PARTITION BY "person" ORDER BY "source_row") AS "person_row"`,
                `    FROM ${this.id(`population_record_${pop.i}`)}`,
                '  ) AS "numbered"',
                '  WHERE "person_row" = 1',
            ].join('\n')]);
        }
        ctes.push(['population', wanted.map((pop) => `SELECT * FROM ${this.id(`population_${pop.i}`)}`).join('\n  UNION ALL\n  ')]);
        const used = c.outcomes.map((o, i) => ({ ...o, i, years: o.years.filter((y) => p.years.includes(y)) })).filter((o) => o.years.length > 0);
        for (const o of used) ctes.push([`outcomes_record_${o.i}`, this.mapped(o.relation)]);
        const parts = used.map((o) => [
            `SELECT DISTINCT y."cohort_year", g."person"`,
            `    FROM ${this.id(`outcomes_record_${o.i}`)} AS g`,
            `    JOIN "cohort_year" AS y ON y."cohort_year" IN (${o.years.join(', ')})`,
            `    WHERE g."outcome" = ${this.lit(m.outcome)}`,
        ].join('\n'));
        ctes.push(['cohort_year', `SELECT * FROM (VALUES ${p.years.map((y) => `(${y})`).join(', ')}) AS "t" ("cohort_year")`]);
        // UNION (not ALL): a person two outcomes files both list counts once.
        ctes.push(['classified', parts.length > 0 ? parts.join('\n  UNION\n  ')
            : `SELECT "cohort_year", CAST(NULL AS VARCHAR) AS "person" FROM "cohort_year" WHERE FALSE`]);
        ctes.push(['outcome', [
            'SELECT pop.*,',
            `    CASE WHEN c."person" IS NULL THEN ${this.lit(m.other)} ELSE ${this.lit(m.outcome)} END AS "outcome"`,
            '  FROM "population" AS pop',
            '  LEFT JOIN "classified" AS c ON c."cohort_year" = pop."cohort_year" AND c."person" = pop."person"',
        ].join('\n')]);
        return ctes;
    }

    print(options: PrintOptions): string {
        const p = this.plan;
        const ctes = this.ctes();
        const by = p.breakdown.map((b) => this.id(`by_${b.name}`));
        const final = options.notInPopulation
            ? `SELECT c."cohort_year", COUNT(*) AS "n"\nFROM "classified" AS c\nWHERE NOT EXISTS (SELECT 1 FROM "population" AS pop WHERE pop."cohort_year" = c."cohort_year" AND pop."person" = c."person")\nGROUP BY c."cohort_year"`
            : options.records
            ? `SELECT "cohort_year", "person", "institution", "programme", "sector"${by.map((b) => `, ${b}`).join('')}, "outcome"\nFROM "outcome"\nORDER BY "cohort_year", ${this.d.codePoint('"person"')}, ${this.d.codePoint('"institution"')}, ${this.d.codePoint('"programme"')}`
            : `SELECT "cohort_year"${by.map((b) => `, ${b}`).join('')}, "outcome", COUNT(*) AS "n"\nFROM "outcome"\nGROUP BY "cohort_year"${by.map((b) => `, ${b}`).join('')}, "outcome"`;

        // A title, description or citation may span lines or hold any character: every header line, user text or
        // not, goes through commentLines.
        const notes = [
            ...cardText(p.definition, options.relativeTo),
            p.classified
                ? `source ${p.source.qualifiedName}, classified by the publisher: ${p.classified.populations.map((x) => `population ${x.relation.file.written} on ${x.on} (cohort ${x.year})`).join(', ')}; outcomes ${p.classified.outcomes.map((x) => x.relation.file.written).join(', ')}`
                : `source ${p.source.qualifiedName}, observed ${p.source.observed?.from} .. ${p.source.observed?.until}`,
        ];
        if (this.d.inputNotes) {
            notes.push(...this.d.inputNotes(p.relations.map((r) => ({ file: r.file, shownPath: this.shownPath(r.file.path) }))));
        } else if (options.relativeTo) {
            const absolute = filesOf(p.relations).some((f) => path.isAbsolute(this.shownPath(f.path)));
            notes.push(absolute
                ? 'data paths are relative to the workspace root (run this SQL from there), or absolute where stroom.json lists an absolute data folder'
                : 'data paths are relative to the workspace root: run this SQL from there');
        }
        notes.push(`cohort years computed: ${p.years.join(', ') || 'none'}`);
        for (const inc of p.incomplete) notes.push(`cohort ${inc.year} incomplete: ${inc.reason}`);
        const header = notes.flatMap(commentLines);
        const body = ctes.map(([name, sql]) => `${this.id(name)} AS (\n  ${sql}\n)`).join(',\n');
        return `${header.join('\n')}\nWITH\n${body}\n${final};\n`;
    }

    /**
     * The highest prior education per person for each cohort year (ties: the latest school year, then the first record):
     * for the (cohort year, person) pairs of step `of` only, or for every person and cohort year without it.
     */
    priorSteps(ctes: Array<[string, string]>, of?: string): void {
        ctes.push(['prior_rank', this.priorRankSql()]);
        ctes.push(['prior_best', this.priorBestSql(of)]);
    }

    priorRankSql(): string {
        return `SELECT * FROM (VALUES ${this.plan.priorRanks.map(([cat, rank]) => `(${this.lit(cat)}, ${rank})`).join(', ')}) AS "t" ("category", "rank")`;
    }

    priorBestSql(of?: string): string {
        const years = of ? `(SELECT DISTINCT "cohort_year", "person" FROM ${this.id(of)}) AS y` : '"cohort_year" AS y';
        return [
            'SELECT "cohort_year", "person", "category", "school_year"',
            '  FROM (',
            '    SELECT y."cohort_year", pe."person", pe."category", pe."diploma_year" AS "school_year",',
            // Categories of one rank (vmbo-t = vmbo-g) in the same school year: the first record in the file.
            `      row_number() OVER (PARTITION BY y."cohort_year", pe."person" ORDER BY r."rank" DESC, pe."diploma_year" DESC, pe."source_row") AS "pick"`,
            `    FROM ${years}`,
            `    JOIN "prior_education" AS pe ON ${of ? 'pe."person" = y."person" AND ' : ''}pe."diploma_year" <= y."cohort_year" - 1`,
            '    JOIN "prior_rank" AS r ON r."category" = pe."category"',
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n');
    }

    /** Filters every kind shares, on the anchor record `rec` (prior education `pb`, person `pp`). */
    commonFilters(rec: string, withMode: boolean): string[] {
        return [...this.recordFilters(rec, withMode), ...this.personFilters(rec)];
    }

    /** The filters on the record's own fields. */
    recordFilters(rec: string, withMode: boolean): string[] {
        const c = this.plan.cohort;
        const out: string[] = [];
        const add = (f: string | undefined) => { if (f) out.push(f); };
        add(this.inSet(`${rec}."sector"`, c.sector));
        if (withMode) add(this.inSet(`${rec}."mode"`, c.mode));
        add(this.inSet(`${rec}."level"`, c.level));
        if (c.funded && withMode) add(`${rec}."funded"`);
        // `main anchor only`: the anchor is main; the enrollment step keeps every enrollment for history and status.
        if (c.mainAnchorOnly && withMode) add(`${rec}."main"`);
        return out;
    }

    /** The filters on what else is known of the person: prior education, age, history. */
    personFilters(rec: string): string[] {
        const c = this.plan.cohort;
        const out: string[] = [];
        const add = (f: string | undefined) => { if (f) out.push(f); };
        add(this.inSet('pb."category"', c.prior));
        if (c.ageBelow !== null) add(`${this.ageOnPeil()} < ${c.ageBelow}`);
        // `history S`: a semi-join on the person's earlier enrollments, leaving out this candidate (entering).
        if (c.history) add(`EXISTS (\n      SELECT 1 FROM "history_enrollment" AS hs\n      WHERE ${this.historyMatch(c.history, rec, 'y."cohort_year"')}\n    )`);
        return out;
    }

    /** Whether the cohort filters on a history or the indicator breaks down by one. */
    historyUsed(): boolean {
        return this.plan.cohort.history !== null || this.plan.breakdown.some((b) => b.from === 'history');
    }

    /**
     * Enrollment `hs` belongs to history `h` for the anchor (or candidate) `rec` of cohort year y."cohort_year": sector S,
     * started before P(y), with `within N years` open or ending on or after P(y-N), and (entering) not `rec` itself.
     */
    historyMatch(h: HistoryPlan, rec: string, year: string): string {
        const p = this.plan;
        return [
            `hs."person" = ${rec}."person"`, `hs."sector" = ${this.lit(h.sector)}`, `hs."start" < ${this.peilDate(year, p.peil)}`,
            ...(h.within !== null ? [`(hs."end" IS NULL OR hs."end" >= ${this.peilDate(`${year} - ${h.within}`, p.peil)})`] : []),
            ...(h.excludeAnchor ? [`hs."source_row" <> ${rec}."source_row"`] : []),
        ].join(' AND ');
    }

    /**
     * `by history ...`: per anchor, the latest-starting enrollment of the history (ties by the usual tie-break), read
     * once for all anchors; "anchor" is then the chosen anchors with yes / no and that enrollment's fields.
     */
    historyBreakdownSteps(ctes: Array<[string, string]>, picked: string): void {
        const items = this.plan.breakdown.filter((b): b is Extract<typeof b, { from: 'history' }> => b.from === 'history');
        const h = items[0].history;
        const fields = [...new Set(items.flatMap((b) => (b.column === null ? [] : [b.column])))];
        ctes.push(['history_pick', [
            `SELECT "anchor_id"${fields.map((f) => `, ${this.id(f)}`).join('')}`,
            '  FROM (',
            `    SELECT a."anchor_id"${fields.map((f) => `, hs.${this.id(f)}`).join('')},`,
            `      row_number() OVER (PARTITION BY a."anchor_id" ORDER BY ${this.tieBreak('hs.', true)}) AS "pick"`,
            `    FROM ${this.id(picked)} AS a`,
            `    JOIN "history_enrollment" AS hs ON ${this.historyMatch(h, 'a', 'a."cohort_year"')}`,
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
        const cols = items.map((b) => `${b.column === null ? `CASE WHEN hp."anchor_id" IS NULL THEN 'no' ELSE 'yes' END` : `hp.${this.id(b.column)}`} AS ${this.id(`by_${b.name}`)}`);
        ctes.push(['anchor', [
            `SELECT a.*, ${cols.join(', ')}`,
            `  FROM ${this.id(picked)} AS a`,
            '  LEFT JOIN "history_pick" AS hp ON hp."anchor_id" = a."anchor_id"',
        ].join('\n')]);
    }

    /** Breakdown values of the anchor record `rec`; a diploma has no mode (its mode breakdown is missing). History comes later. */
    breakdownColumns(rec: string, inflowClass?: string, diploma = false, leaveTiming?: string): string[] {
        return this.plan.breakdown.flatMap((b) => {
            const alias = this.id(`by_${b.name}`);
            switch (b.from) {
                case 'history': return [];
                case 'anchor': return diploma && b.column === 'mode' ? `CAST(NULL AS VARCHAR) AS ${alias}` : `${rec}.${this.id(b.column)} AS ${alias}`;
                case 'person': return `pp.${this.id(b.column)} AS ${alias}`;
                case 'prior': return `pb."category" AS ${alias}`;
                case 'inflow': return `${inflowClass} AS ${alias}`;
                case 'leave reason': return `${rec}."leave_reason" AS ${alias}`;
                case 'leave timing': return `${leaveTiming ?? 'CAST(NULL AS VARCHAR)'} AS ${alias}`;
            }
        });
    }

    personJoins(rec: string): string[] {
        return [
            ...(this.plan.needsPrior ? [`LEFT JOIN "prior_best" AS pb ON pb."person" = ${rec}."person" AND pb."cohort_year" = y."cohort_year"`] : []),
            ...(this.plan.needsPerson ? [`LEFT JOIN "person" AS pp ON pp."person" = ${rec}."person"`] : []),
        ];
    }

    /**
     * An anchor is one record in one cohort year, so its row in the file and the year identify it: a key that needs no
     * sort of all anchors (a cohort year has four digits).
     */
    anchorId(): string {
        return '"source_row" * 10000 + "cohort_year"';
    }

    /** One anchor per person (or per unit), chosen among the candidates by the tie-break. */
    pickAnchors(ctes: Array<[string, string]>, partitionExtra: readonly string[]): void {
        // A missing unit field never matches anything: such a record is a unit of its own (as in the evaluator).
        const ownUnit = partitionExtra.length > 0 ? [`CASE WHEN ${partitionExtra.map((k) => `${k} IS NULL`).join(' OR ')} THEN "source_row" END`] : [];
        const partition = ['"cohort_year"', '"person"', ...partitionExtra, ...ownUnit];
        const history = this.plan.breakdown.some((b) => b.from === 'history');
        ctes.push([history ? 'anchor_pick' : 'anchor', [
            `SELECT *, ${this.anchorId()} AS "anchor_id"`,
            '  FROM (',
            `    SELECT *, row_number() OVER (PARTITION BY ${partition.join(', ')} ORDER BY ${this.tieBreak()}) AS "pick"`,
            '    FROM "candidate"',
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
        if (history) this.historyBreakdownSteps(ctes, 'anchor_pick');
    }

    /**
     * Entering and enrolled cohorts: enrollments on P(y) that pass the filters (and, entering, are new). Two steps: the
     * record's own tests first ("candidate_record"), then what is known of the person, so that prior education is
     * ranked only for the people and years that can be in the cohort.
     */
    enrollmentAnchors(ctes: Array<[string, string]>): void {
        const p = this.plan;
        const c = p.cohort;
        const recordFilters = this.recordFilters('e', true);
        const filters = this.personFilters('e');
        // The person's inflow class, judged by the cohort's inflow rule (by prior education with gap 0 for `any`).
        let inflowClass: string | undefined;
        if (c.kind === 'entering') {
            const gap = c.inflow.kind === 'direct' || c.inflow.kind === 'indirect' ? c.inflow.gap : 0;
            const directCond = `pb."school_year" BETWEEN y."cohort_year" - ${1 + gap} AND y."cohort_year" - 1`;
            inflowClass = `CASE WHEN pb."school_year" IS NULL THEN NULL WHEN ${directCond} THEN 'direct' ELSE 'indirect' END`;
            switch (c.inflow.kind) {
                case 'direct': filters.push(directCond); break;
                case 'indirect': filters.push(`pb."school_year" IS NOT NULL AND NOT (${directCond})`); break;
                case 'direct-by-enrollment': {
                    const sectors = c.inflow.sectors === 'any' ? '' : ` AND d."sector" IN (${this.list(c.inflow.sectors)})`;
                    const before = `EXISTS (\n      SELECT 1 FROM "enrollment" AS d\n      WHERE d."person" = e."person" AND ${this.covers('d', 'y."cohort_year" - 1')}${sectors}\n    )`;
                    filters.push(before);
                    inflowClass = `CASE WHEN ${before} THEN 'direct' ELSE 'indirect' END`;
                    break;
                }
                case 'any': break;
            }
            const lo = c.lookback.kind === 'window' ? String(c.lookback.firstYear) : `y."cohort_year" - ${c.lookback.years}`;
            // `entry flag`: the file's own first-year flag marks the anchor, instead of the newness test.
            if (c.entryFlag !== null) recordFilters.push(`e.${this.id(ENTRY_FLAG_COLUMN)} = ${this.lit(c.entryFlag)}`);
            // An enrollment whose entry unit is unknown cannot be new in it (a missing filtered field fails).
            else for (const k of c.entryKey) recordFilters.push(`e.${this.id(k)} IS NOT NULL`);
            // `lookback 0 years` reads no earlier peildatum: everyone is new. All observed history: see "first_peil".
            if (c.entryFlag === null && c.lookback.kind === 'years' && c.lookback.years > 0) recordFilters.push(`NOT EXISTS (\n      SELECT 1 FROM "enrollment" AS h\n      WHERE h."person" = e."person" AND ${this.keyEquals(c.entryKey, 'e', 'h')}\n        AND h."k1" <= y."cohort_year" - 1 AND h."k2" >= ${lo}\n    )`);
        }
        // With all observed history as lookback, a person is new in a unit in the year of their first peildatum in it
        // (from the first the data cover): one aggregate per person and unit instead of a search per candidate, and
        // the candidates are read from it, not from every enrollment in every cohort year.
        const firstPeil = c.kind === 'entering' && c.entryFlag === null && c.lookback.kind === 'window';
        if (firstPeil) {
            const lo = c.lookback.kind === 'window' ? c.lookback.firstYear : 0;
            const key = ['"person"', ...c.entryKey.map((k) => this.id(k))].join(', ');
            ctes.push(['first_peil', [
                `SELECT ${key}, MIN(GREATEST("k1", ${lo})) AS "first_year"`,
                '  FROM "enrollment"',
                // Only the units a candidate can be in: with the sector as unit, those of the cohort's sectors.
                `  WHERE ${[`"k2" >= ${lo}`, ...(c.entryKey.includes('sector') ? [this.inSet('"sector"', c.sector)] : [])].filter((x) => x).join(' AND ')}`,
                `  GROUP BY ${key}`,
            ].join('\n')]);
        }
        ctes.push(['candidate_record', [
            'SELECT y."cohort_year", e.*',
            '  FROM "enrollment" AS e',
            ...(firstPeil && c.kind === 'entering' ? [
                `  JOIN "first_peil" AS f ON f."person" = e."person"${c.entryKey.map((k) => ` AND f.${this.id(k)} = e.${this.id(k)}`).join('')}`,
                '  JOIN "cohort_year" AS y ON y."cohort_year" = f."first_year"',
                `  WHERE ${[this.covers('e', 'y."cohort_year"'), ...recordFilters].join('\n    AND ')}`,
            ] : [
                `  JOIN "cohort_year" AS y ON ${this.covers('e', 'y."cohort_year"')}`,
                ...(recordFilters.length > 0 ? [`  WHERE ${recordFilters.join('\n    AND ')}`] : []),
            ]),
        ].join('\n')]);
        if (p.needsPrior) this.priorSteps(ctes, 'candidate_record');
        const byCols = this.breakdownColumns('e', inflowClass);
        ctes.push(['candidate', [
            `SELECT\n    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row"${byCols.map((b) => `,\n    ${b}`).join('')}`,
            '  FROM "candidate_record" AS e',
            '  JOIN "cohort_year" AS y ON y."cohort_year" = e."cohort_year"',
            ...this.personJoins('e').map((j) => `  ${j}`),
            ...(filters.length > 0 ? [`  WHERE ${filters.join('\n    AND ')}`] : []),
        ].join('\n')]);
        const unitKey = c.kind === 'entering' ? c.entryKey : (['institution', 'programme'] as const);
        this.pickAnchors(ctes, c.kind !== 'leaving' && c.unit === 'enrollment' ? unitKey.map((k) => this.id(k)) : []);
    }

    /** Graduating cohorts: diplomas dated in study year y-1 (a period by its first day). */
    diplomaAnchors(ctes: Array<[string, string]>): void {
        const c = this.plan.cohort;
        if (c.kind !== 'graduating') return;
        const filters = [...this.commonFilters('d', false), `d."kind" IN (${this.list(c.diplomaKinds)})`,
            `d."date" >= ${this.studyYearStart('y."cohort_year" - 1')}`, `d."date" < ${this.studyYearStart('y."cohort_year"')}`];
        const byCols = this.breakdownColumns('d', undefined, true);
        ctes.push(['candidate', [
            `SELECT\n    y."cohort_year", d."person", d."institution", d."programme", d."sector", CAST(NULL AS BOOLEAN) AS "main", d."date" AS "start", d."source_row"${byCols.map((b) => `,\n    ${b}`).join('')}`,
            '  FROM "diploma" AS d',
            '  CROSS JOIN "cohort_year" AS y',
            ...this.personJoins('d').map((j) => `  ${j}`),
            `  WHERE ${filters.join('\n    AND ')}`,
        ].join('\n')]);
        this.pickAnchors(ctes, c.unit === 'enrollment' ? ['"institution"', '"programme"'] : []);
    }

    /**
     * jaarresultaat: per institution and year P(y) .. P(y+1) - 1 day, everyone with an mbo diploma of level 2-4 (any
     * kind) at the institution dated in the period (a period by its first day), plus everyone who left the institution
     * (enrolled on P(y), not on P(y+1)) without such a diploma. The cohort's filters select the anchors (the diploma,
     * or the enrollment on P(y)); the tie-break picks one per person and institution, which the breakdown reads.
     */
    jaarresultaatPopulation(ctes: Array<[string, string]>): void {
        const p = this.plan;
        const m = p.measure;
        if (m.kind !== 'jaarresultaat') return;
        const inPeriod = (d: string) => `${d}."date" >= ${this.peilDate('y."cohort_year"', p.peil)} AND ${d}."date" < ${this.peilDate('y."cohort_year" + 1', p.peil)}`;
        const qualifying = (d: string) => `${d}."sector" = ${this.lit(m.sector)} AND ${d}."level" IN (${this.list(m.levels)}) AND ${inPeriod(d)}`;
        const columns = (rec: string, diploma: boolean) => [
            'y."cohort_year"', `${rec}."person"`, `${rec}."institution"`, `${rec}."programme"`, `${rec}."sector"`,
            diploma ? 'CAST(NULL AS BOOLEAN) AS "main"' : `${rec}."main"`, `${rec}."${diploma ? 'date' : 'start'}" AS "start"`,
            `${rec}."source_row"`, `${diploma ? 1 : 0} AS "with_diploma"`, ...this.breakdownColumns(rec, undefined, diploma),
        ].join(', ');
        ctes.push(['year_diploma', [
            `SELECT ${columns('d', true)}`,
            '  FROM "diploma" AS d',
            '  CROSS JOIN "cohort_year" AS y',
            ...this.personJoins('d').map((j) => `  ${j}`),
            `  WHERE ${['d."institution" IS NOT NULL', qualifying('d'), ...this.commonFilters('d', false)].join('\n    AND ')}`,
        ].join('\n')]);
        ctes.push(['year_leaver', [
            `SELECT ${columns('e', false)}`,
            '  FROM "enrollment" AS e',
            `  JOIN "cohort_year" AS y ON ${this.covers('e', 'y."cohort_year"')}`,
            ...this.personJoins('e').map((j) => `  ${j}`),
            `  WHERE ${[
                'e."institution" IS NOT NULL',
                `NOT EXISTS (\n    SELECT 1 FROM "enrollment" AS n\n    WHERE n."person" = e."person" AND n."institution" = e."institution" AND ${this.covers('n', 'y."cohort_year" + 1')}\n  )`,
                // Without such a diploma: any qualifying diploma at the institution, whatever the filters.
                `NOT EXISTS (\n    SELECT 1 FROM "diploma" AS q\n    WHERE q."person" = e."person" AND q."institution" = e."institution" AND ${qualifying('q')}\n  )`,
                ...this.commonFilters('e', true),
            ].join('\n    AND ')}`,
        ].join('\n')]);
        const by = p.breakdown.map((b) => `, ${this.id(`by_${b.name}`)}`).join('');
        ctes.push(['outcome', [
            `SELECT "cohort_year", "person", "institution", "programme", "sector",`,
            `    CASE WHEN "with_diploma" = 1 THEN 'diploma' ELSE 'left without diploma' END AS "outcome"${by}`,
            '  FROM (',
            `    SELECT *, row_number() OVER (PARTITION BY "cohort_year", "person", "institution" ORDER BY ${this.tieBreak()}) AS "pick"`,
            '    FROM (',
            '      SELECT * FROM "year_diploma"',
            '      UNION ALL',
            '      SELECT * FROM "year_leaver"',
            '    ) AS u',
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
    }

    /**
     * De-registrations (SEMANTICS.md, Additions): every enrollment record (also one that covers no peildatum: leaving in
     * September counts) that ends in P(y) .. P(y+1) - 1 day, at an institution where the person has no final diploma
     * dated (a period: its first day) on or before the end + 31 days, and passes the filters. Unit person keeps the
     * first ending in the year (then the tie-break), unit enrollment each one.
     */
    deregistrationAnchors(ctes: Array<[string, string]>): void {
        const p = this.plan;
        const c = p.cohort;
        const m = p.measure;
        if (c.kind !== 'deregistration') return;
        const months = m.kind === 'deregistration destination' ? m.months : 0;
        ctes.push(['enrollment_any', `SELECT * FROM "enrollment_record"${p.mainOnly ? ' WHERE "main"' : ''}`]);
        const year = (plus: number) => `y."cohort_year"${p.peil.offset + plus ? ` + ${p.peil.offset + plus}` : ''}`;
        const october = `make_date(${year(c.timing.octoberOffset)}, 10, 1)`;
        const february = `make_date(${year(c.timing.octoberOffset + 1)}, 2, 1)`;
        const timing = `CASE WHEN e."end" < ${october} THEN ${this.lit(c.timing.groups[0])} WHEN e."end" < ${february} THEN ${this.lit(c.timing.groups[1])} ELSE ${this.lit(c.timing.groups[2])} END`;
        const filters = [
            'e."institution" IS NOT NULL',
            `NOT EXISTS (\n      SELECT 1 FROM "diploma" AS d\n      WHERE d."person" = e."person" AND d."institution" = e."institution" AND d."kind" = 'final' AND d."date" <= e."end" + ${c.diplomaGraceDays}\n    )`,
            ...this.commonFilters('e', true),
        ];
        const reasons = this.inSet('e."leave_reason"', c.leaveReasons);
        if (reasons) filters.push(reasons);
        // First year: it ends within 12 months of its start, and the person has no earlier-starting enrollment in the
        // same programme at the same institution.
        if (c.firstYearOnly) {
            filters.push(`e."end" < ${this.addMonths('e."start"', 12)}`);
            filters.push(`NOT EXISTS (\n      SELECT 1 FROM "enrollment_any" AS f\n      WHERE f."person" = e."person" AND f."institution" = e."institution" AND f."programme" = e."programme" AND f."start" < e."start"\n    )`);
        }
        const byCols = this.breakdownColumns('e', undefined, false, timing);
        ctes.push(['candidate', [
            `SELECT\n    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."end", e."source_row",`,
            `    ${this.addMonths('e."end"', months)} AS "destination_day"${byCols.map((b) => `,\n    ${b}`).join('')}`,
            '  FROM "enrollment_any" AS e',
            `  JOIN "cohort_year" AS y ON e."end" >= ${this.peilDate('y."cohort_year"', p.peil)} AND e."end" < ${this.peilDate('y."cohort_year" + 1', p.peil)}`,
            ...this.personJoins('e').map((j) => `  ${j}`),
            `  WHERE ${filters.join('\n    AND ')}`,
        ].join('\n')]);
        const partition = ['"cohort_year"', '"person"', ...(c.unit === 'enrollment' ? ['"source_row"'] : [])];
        ctes.push(['anchor', [
            `SELECT *, ${this.anchorId()} AS "anchor_id"`,
            '  FROM (',
            `    SELECT *, row_number() OVER (PARTITION BY ${partition.join(', ')} ORDER BY "end" ASC, ${this.tieBreak()}) AS "pick"`,
            '    FROM "candidate"',
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
    }

    /** A date plus N months as a DATE (the last day of a shorter month, as the evaluator's addMonths). */
    addMonths(date: string, months: number): string {
        return `CAST(${date} + INTERVAL ${this.lit(`${months} months`)} AS DATE)`;
    }

    /** De-registrations: the destination on the day end + N months, judged against the ended enrollment. */
    deregistrationDestination(ctes: Array<[string, string]>): void {
        const on = 'e."person" = a."person" AND e."start" <= a."destination_day" AND (e."end" IS NULL OR e."end" >= a."destination_day")';
        ctes.push(['destination_flag', [
            'SELECT a."anchor_id",',
            '    MAX(CASE WHEN e."institution" = a."institution" AND e."programme" = a."programme" THEN 1 ELSE 0 END) AS "same_programme",',
            '    MAX(CASE WHEN e."institution" = a."institution" THEN 1 ELSE 0 END) AS "same_institution",',
            '    MAX(CASE WHEN e."sector" = a."sector" THEN 1 ELSE 0 END) AS "same_sector",',
            '    MAX(CASE WHEN e."person" IS NULL THEN 0 ELSE 1 END) AS "enrolled"',
            '  FROM "anchor" AS a',
            `  LEFT JOIN "enrollment_any" AS e ON ${on}`,
            '  GROUP BY a."anchor_id"',
        ].join('\n')]);
        ctes.push(['destination_pick', [
            'SELECT "anchor_id", "sector"',
            '  FROM (',
            `    SELECT a."anchor_id", e."sector", row_number() OVER (PARTITION BY a."anchor_id" ORDER BY ${this.tieBreak('e.')}) AS "pick"`,
            '    FROM "anchor" AS a',
            `    JOIN "enrollment_any" AS e ON ${on}`,
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
        ctes.push(['outcome', [
            ...this.destinationCategories([]),
        ].join('\n')]);
    }

    /** The dropout family: status on each needed peildatum after entry, then the outcome. */
    outcomeSteps(ctes: Array<[string, string]>, o: OutcomePlan): void {
        const p = this.plan;
        ctes.push(['checkpoint', [
            `SELECT a."anchor_id", a."person", a."institution", a."programme", a."sector", a."start", k."k",`,
            `    a."cohort_year" + k."k" AS "year_k", ${this.peilDate('a."cohort_year" + k."k"', p.peil)} AS "peil_k"`,
            '  FROM "anchor" AS a',
            `  CROSS JOIN (VALUES ${o.checkpoints.map((k) => `(${k})`).join(', ')}) AS k ("k")`,
        ].join('\n')]);
        // Where a switch lands only matters when switchers are not counted as dropout anyway.
        const switchMatters = o.switchTreatment !== 'dropout';
        const scopeCond = o.scopeAll ? 'e."person" IS NOT NULL' : this.keyEquals(o.scopeKey, 'c', 'e');
        ctes.push(['presence', [
            'SELECT c."anchor_id", c."k",',
            `    MAX(CASE WHEN ${scopeCond} THEN 1 ELSE 0 END) AS "in_scope"${switchMatters ? ',' : ''}`,
            ...(switchMatters ? [`    MAX(CASE WHEN ${this.switchDomain(o.switchDomain, 'e', 'c')} THEN 1 ELSE 0 END) AS "in_domain"`] : []),
            '  FROM "checkpoint" AS c',
            `  LEFT JOIN "enrollment" AS e ON e."person" = c."person" AND ${this.covers('e', 'c."year_k"')}`,
            '  GROUP BY c."anchor_id", c."k"',
        ].join('\n')]);
        const graduated = o.diplomaKinds !== null;
        if (graduated) {
            const diplomaScope = o.scopeAll ? 'TRUE' : this.keyEquals(o.scopeKey, 'c', 'd');
            ctes.push(['graduation', [
                'SELECT c."anchor_id", c."k", MAX(CASE WHEN d."person" IS NULL THEN 0 ELSE 1 END) AS "graduated"',
                '  FROM "checkpoint" AS c',
                `  LEFT JOIN "diploma" AS d ON d."person" = c."person" AND d."kind" IN (${this.list(o.diplomaKinds!)})`,
                `    AND ${diplomaScope} AND d."date" > c."start" AND d."last_day" <= c."peil_k"`,
                '  GROUP BY c."anchor_id", c."k"',
            ].join('\n')]);
        }
        const switched = o.switchTreatment === 'separate' ? 'switched' : o.switchTreatment;
        ctes.push(['status', [
            'SELECT p."anchor_id", p."k",',
            '    CASE',
            ...(graduated ? [`      WHEN g."graduated" = 1 THEN 'graduated'`] : []),
            `      WHEN p."in_scope" = 1 THEN 'retained'`,
            ...(switchMatters ? [`      WHEN p."in_domain" = 1 THEN ${this.lit(switched)}`] : []),
            `      ELSE 'dropout'`,
            '    END AS "status"',
            '  FROM "presence" AS p',
            ...(graduated ? ['  JOIN "graduation" AS g ON g."anchor_id" = p."anchor_id" AND g."k" = p."k"'] : []),
        ].join('\n')]);

        // The outcome: the status on the horizon, or with first exit the first final status on the way.
        const n = o.horizon;
        const outcomeLines = o.reentry === 'first-exit'
            ? [
                'SELECT a.*, s."status" AS "outcome"',
                '  FROM "anchor" AS a',
                '  JOIN (',
                // The walk is k = 1..n (a checkpoint 0 exists only for the horizon 0 or `over retained after 0`).
                `    SELECT *, MIN(CASE WHEN "status" IN ('graduated', 'dropout') AND "k" >= 1 THEN "k" END) OVER (PARTITION BY "anchor_id") AS "exit_k"`,
                `    FROM "status" WHERE "k" <= ${n}`,
                `  ) AS s ON s."anchor_id" = a."anchor_id" AND s."k" = COALESCE(s."exit_k", ${n})`,
            ]
            : ['SELECT a.*, s."status" AS "outcome"', '  FROM "anchor" AS a', `  JOIN "status" AS s ON s."anchor_id" = a."anchor_id" AND s."k" = ${n}`];
        if (o.overRetainedAfter !== undefined) {
            outcomeLines.push(`  JOIN "status" AS r ON r."anchor_id" = a."anchor_id" AND r."k" = ${o.overRetainedAfter} AND r."status" = 'retained'`);
        }
        ctes.push(['outcome', outcomeLines.join('\n')]);
    }

    /** Whether each anchor's person has a matching record: 1 or 0 per anchor, from one join aggregated per anchor. */
    anchorFlag(ctes: Array<[string, string]>, name: string, flag: string, table: 'enrollment' | 'diploma', condition: string): void {
        const x = table === 'enrollment' ? 'e' : 'd';
        ctes.push([name, [
            `SELECT a."anchor_id", MAX(CASE WHEN ${x}."person" IS NULL THEN 0 ELSE 1 END) AS ${this.id(flag)}`,
            '  FROM "anchor" AS a',
            `  LEFT JOIN "${table}" AS ${x} ON ${x}."person" = a."person" AND ${condition}`,
            '  GROUP BY a."anchor_id"',
        ].join('\n')]);
    }

    /**
     * The anchors whose person has a record of one of the kinds: each kind joined to the anchors, and UNION keeps each
     * anchor once (one distinct step for all kinds, instead of an aggregate per kind joined back).
     */
    anchorsWith(ctes: Array<[string, string]>, name: string, facts: ReadonlyArray<readonly ['enrollment' | 'diploma', string]>): void {
        ctes.push([name, facts.map(([table, condition]) => {
            const x = table === 'enrollment' ? 'e' : 'd';
            return [
                'SELECT a."anchor_id"',
                '    FROM "anchor" AS a',
                `    JOIN "${table}" AS ${x} ON ${x}."person" = a."person" AND ${condition}`,
            ].join('\n');
        }).join('\n  UNION\n  ')]);
    }

    /** vsv: not enrolled anywhere on P(y+1) and no startkwalificatie dated on or before 31 December of y+1. */
    vsvOutcome(ctes: Array<[string, string]>, m: { startkwalificatie: readonly string[]; cutoffDay: 'first' | 'last' }): void {
        const day = m.cutoffDay === 'first' ? 'd."date"' : 'd."last_day"';
        this.anchorsWith(ctes, 'not_vsv', [
            ['enrollment', this.covers('e', 'a."cohort_year" + 1')],
            ['diploma', `d."level" IN (${this.list(m.startkwalificatie)}) AND ${day} <= make_date(a."cohort_year" + 1, 12, 31)`],
        ]);
        ctes.push(['outcome', [
            `SELECT a.*, CASE WHEN n."anchor_id" IS NULL THEN 'vsv' ELSE 'not-vsv' END AS "outcome"`,
            '  FROM "anchor" AS a',
            '  LEFT JOIN "not_vsv" AS n ON n."anchor_id" = a."anchor_id"',
        ].join('\n')]);
    }

    /** startersresultaat: a diploma at the institution by P(y+1), or still at the institution on P(y+1). */
    startersOutcome(ctes: Array<[string, string]>, kinds: readonly string[]): void {
        this.anchorsWith(ctes, 'starter_success', [
            ['diploma', `d."institution" = a."institution" AND d."kind" IN (${this.list(kinds)})`
                + `\n      AND d."date" > a."start" AND d."last_day" <= ${this.peilDate('a."cohort_year" + 1', this.plan.peil)}`],
            ['enrollment', `e."institution" = a."institution" AND ${this.covers('e', 'a."cohort_year" + 1')}`],
        ]);
        ctes.push(['outcome', [
            `SELECT a.*, CASE WHEN s."anchor_id" IS NULL THEN 'no' ELSE 'success' END AS "outcome"`,
            '  FROM "anchor" AS a',
            '  LEFT JOIN "starter_success" AS s ON s."anchor_id" = a."anchor_id"',
        ].join('\n')]);
    }

    /** destination: where the anchor's person is on P(y+n), judged against the anchor (first category that holds). */
    destinationOutcome(ctes: Array<[string, string]>, n: number, diplomaKinds: readonly string[] | null, diplomaScope: UnitKey): void {
        const year = `a."cohort_year"${n ? ` + ${n}` : ''}`;
        ctes.push(['destination_flag', [
            'SELECT a."anchor_id",',
            '    MAX(CASE WHEN e."institution" = a."institution" AND e."programme" = a."programme" THEN 1 ELSE 0 END) AS "same_programme",',
            '    MAX(CASE WHEN e."institution" = a."institution" THEN 1 ELSE 0 END) AS "same_institution",',
            '    MAX(CASE WHEN e."sector" = a."sector" THEN 1 ELSE 0 END) AS "same_sector",',
            '    MAX(CASE WHEN e."person" IS NULL THEN 0 ELSE 1 END) AS "enrolled"',
            '  FROM "anchor" AS a',
            `  LEFT JOIN "enrollment" AS e ON e."person" = a."person" AND ${this.covers('e', year)}`,
            '  GROUP BY a."anchor_id"',
        ].join('\n')]);
        // "other sector" is named by the sector of the enrollment the tie-break picks.
        ctes.push(['destination_pick', [
            'SELECT "anchor_id", "sector"',
            '  FROM (',
            `    SELECT a."anchor_id", e."sector", row_number() OVER (PARTITION BY a."anchor_id" ORDER BY ${this.tieBreak('e.')}) AS "pick"`,
            '    FROM "anchor" AS a',
            `    JOIN "enrollment" AS e ON e."person" = a."person" AND ${this.covers('e', year)}`,
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);
        if (diplomaKinds) {
            // A diploma counts when it is of what the person entered: within the entry unit of the anchor.
            this.anchorFlag(ctes, 'destination_diploma', 'graduated', 'diploma', this.keyEquals(diplomaScope, 'a', 'd')
                + `\n    AND d."kind" IN (${this.list(diplomaKinds)}) AND d."date" > a."start" AND d."last_day" <= ${this.peilDate(year, this.plan.peil)}`);
        }
        const graduated = diplomaKinds ? [`      WHEN g."graduated" = 1 THEN 'graduated'`] : [];
        ctes.push(['outcome', [
            ...this.destinationCategories(graduated),
            ...(diplomaKinds ? ['  JOIN "destination_diploma" AS g ON g."anchor_id" = a."anchor_id"'] : []),
        ].join('\n')]);
    }

    /** The destination category of each anchor from its flags (`graduated` first when diplomas count). */
    destinationCategories(graduated: readonly string[]): string[] {
        return [
            'SELECT a.*,',
            '    CASE',
            ...graduated,
            `      WHEN f."same_programme" = 1 THEN 'same programme and institution'`,
            `      WHEN f."same_institution" = 1 THEN 'other programme, same institution'`,
            `      WHEN f."same_sector" = 1 THEN 'same sector, other institution'`,
            `      WHEN f."enrolled" = 1 THEN 'other sector: ' || COALESCE(dp."sector", 'unknown')`,
            `      ELSE 'not in education'`,
            '    END AS "outcome"',
            '  FROM "anchor" AS a',
            '  JOIN "destination_flag" AS f ON f."anchor_id" = a."anchor_id"',
            '  LEFT JOIN "destination_pick" AS dp ON dp."anchor_id" = a."anchor_id"',
        ];
    }
}

/** The file columns a value reads. */
/** The inner column that holds a decoded value. */
export function decodedName(column: string, table: string): string {
    return `${column} (decode ${table})`;
}

export function valueColumns(v: FieldValue): string[] {
    switch (v.kind) {
        case 'constant': return [];
        case 'period': return [v.from.column, v.to.column];
        case 'column': return [v.column, ...(v.alternatives ?? [])];
        default: return [v.column];
    }
}

// A classified population or outcomes file has no fixed record shape: only its own fields.
const RECORD_OF: Readonly<Partial<Record<RelationPlan['name'], RecordKind>>> = {
    enrollment: 'enrollments', diploma: 'diplomas', prior_education: 'prior education', person: 'persons',
};

export function printSql(plan: Plan, dialect: Dialect, options: PrintOptions = {}): string {
    if (plan.years.length === 0) throw new Error('no complete cohort year to compute');
    return new Printer(dialect, plan, options.relativeTo, options.dataFolders, options.relationTable).print(options);
}
