// Plan -> SQL text. Pure: the same plan gives the same text, byte for byte. The query returns integer counts per
// cohort year, breakdown and outcome (or one row per person with --records); rates, rounding, suppression and
// display order happen in TypeScript afterwards (figures.ts).
import * as path from 'node:path';
import type { CodeSet, FieldValue } from '../definition/types.js';
import { RECORD_FIELDS, type FieldType, type RecordKind } from '../vocabulary.js';
import { cardText } from '../explain/card.js';
import { readCsvHeaderInfo } from '../workspace/csv-header.js';
import type { PeilPlan, Plan, RelationPlan, UnitKey } from '../plan/plan.js';
import type { Dialect } from './dialect.js';

export interface PrintOptions {
    /** One row per person and outcome instead of counts. */
    readonly records?: boolean;
    /** Paths in the header are shown relative to this folder. */
    readonly relativeTo?: string;
}

const TRUE_WORDS = ['true', '1', 'j', 'ja', 'y', 'yes'];
const FALSE_WORDS = ['false', '0', 'n', 'nee', 'no'];

/** Identifiers the printer writes itself are plain words; anything from a definition is quoted by the dialect. */
class Printer {
    constructor(readonly d: Dialect, readonly plan: Plan, readonly relativeTo?: string) { }

    /** Data files under the workspace root are printed relative to it, so printed SQL is the same in every clone. */
    shownPath(file: string): string {
        if (!this.relativeTo) return file;
        const rel = path.relative(this.relativeTo, file);
        return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
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
                return this.lit(v.value);
            case 'date':
                return this.d.parseDate(this.id(v.column), v.format);
            case 'school year':
                return `CAST(${this.id(v.column)} AS INTEGER)`;
            case 'column': {
                const cell = this.id(v.column);
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

    relation(r: RelationPlan): string {
        const delimiter = readCsvHeaderInfo(r.file.path, r.file.delimiter)?.delimiter ?? r.file.delimiter ?? ',';
        const cols: string[] = r.columns.map((c) => `${this.value(c.value, c.type)} AS ${this.id(c.name)}`);
        if (r.name === 'diploma') {
            const date = r.columns.find((c) => c.name === 'date');
            if (date) cols.push(`${this.value(date.value, 'date')} AS "last_day"`);
            if (!r.columns.some((c) => c.name === 'kind')) cols.push(`'final' AS "kind"`);
        }
        // Fields a source leaves unmapped exist as typed NULLs, so every query sees the same record shape.
        for (const field of RECORD_FIELDS[RECORD_OF[r.name]]) {
            const name = field.name.replace(/ /g, '_');
            if (r.columns.some((c) => c.name === name)) continue;
            const type = field.type === 'date' ? 'DATE' : field.type === 'boolean' ? 'BOOLEAN' : field.type === 'school year' ? 'INTEGER' : 'VARCHAR';
            cols.push(`CAST(NULL AS ${type}) AS ${this.id(name)}`);
        }
        cols.push('"source_row"');
        // The inner select reads each used column once, with the source's missing-value sentinels (and the empty
        // string) as NULL, and applies the mapping's row filter on the raw values.
        const used = [...new Set(r.columns.flatMap((c) => (c.value.kind === 'constant' ? [] : [c.value.column])))];
        const missing = this.list(['', ...r.missing]);
        const cells = used.map((c) => `CASE WHEN ${this.id(c)} IN (${missing}) THEN NULL ELSE ${this.id(c)} END AS ${this.id(c)}`);
        let where = '';
        if (r.where) {
            const col = this.id(r.where.column);
            where = r.where.operator === '=' || r.where.operator === '!='
                ? `\n    WHERE ${col} ${r.where.operator === '=' ? '=' : '<>'} ${this.lit(r.where.values[0])}`
                : `\n    WHERE ${col} ${r.where.operator === 'in' ? 'IN' : 'NOT IN'} (${this.list(r.where.values)})`;
        }
        const file = this.d.readFile(r.file, delimiter, this.shownPath(r.file.path));
        return [
            'SELECT',
            `    ${cols.join(',\n    ')}`,
            '  FROM (',
            `    SELECT\n      ${[...cells, '"source_row"'].join(',\n      ')}`,
            `    FROM ${file} AS "file"${where}`,
            '  ) AS "cell"',
        ].join('\n');
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

    switchDomain(e: string, c: string): string {
        const dom = this.plan.outcome.switchDomain;
        switch (dom.kind) {
            case 'institution': return `${e}."institution" = ${c}."institution"`;
            case 'sector': return `${e}."sector" = ${c}."sector"`;
            case 'sectors': return `${e}."sector" IN (${this.list(dom.sectors)})`;
            case 'education': return `${e}."person" IS NOT NULL`;
        }
    }

    print(options: PrintOptions): string {
        const p = this.plan;
        const c = p.cohort;
        const o = p.outcome;
        const ctes: Array<[string, string]> = [];

        for (const r of p.relations) {
            if (r.name === 'enrollment') {
                ctes.push(['enrollment_record', this.relation(r)]);
                const [k1, k2] = this.coverage();
                // An enrollment that covers no peildatum (1-15 September) never counts, for history or status.
                const main = p.mainOnly ? ' AND "main"' : '';
                ctes.push(['enrollment', `SELECT * FROM (\n    SELECT\n      *,\n      ${k1} AS "k1",\n      ${k2} AS "k2"\n    FROM "enrollment_record"\n  ) AS "covered"\n  WHERE "k1" <= "k2"${main}`]);
            } else {
                ctes.push([r.name, this.relation(r)]);
            }
        }
        ctes.push(['cohort_year', `SELECT * FROM (VALUES ${p.years.map((y) => `(${y})`).join(', ')}) AS "t" ("cohort_year")`]);

        if (p.needsPrior) {
            ctes.push(['prior_rank', `SELECT * FROM (VALUES ${p.priorRanks.map(([cat, rank]) => `(${this.lit(cat)}, ${rank})`).join(', ')}) AS "t" ("category", "rank")`]);
            ctes.push(['prior_best', [
                'SELECT "cohort_year", "person", "category", "school_year"',
                '  FROM (',
                '    SELECT y."cohort_year", pe."person", pe."category", pe."diploma_year" AS "school_year",',
                `      row_number() OVER (PARTITION BY y."cohort_year", pe."person" ORDER BY r."rank" DESC, pe."diploma_year" DESC, ${this.d.codePoint('pe."category"')}) AS "pick"`,
                '    FROM "prior_education" AS pe',
                '    JOIN "cohort_year" AS y ON pe."diploma_year" <= y."cohort_year" - 1',
                '    JOIN "prior_rank" AS r ON r."category" = pe."category"',
                '  ) AS "ranked"',
                '  WHERE "pick" = 1',
            ].join('\n')]);
        }

        // Candidates: enrollments on P(y) that pass the filters and are new in their entry unit.
        const gap = c.inflow.kind === 'direct' || c.inflow.kind === 'indirect' ? c.inflow.gap : 0;
        const directCond = `pb."school_year" BETWEEN y."cohort_year" - ${1 + gap} AND y."cohort_year" - 1`;
        const filters: string[] = [];
        const add = (f: string | undefined) => { if (f) filters.push(f); };
        add(this.inSet('e."sector"', c.sector));
        add(this.inSet('e."mode"', c.mode));
        add(this.inSet('e."level"', c.level));
        add(this.inSet('pb."category"', c.prior));
        if (c.funded) add('e."funded"');
        if (c.ageBelow !== null) {
            const peilMd = p.peil.month * 100 + p.peil.day;
            const birthMd = 'EXTRACT(MONTH FROM pp."birth_date") * 100 + EXTRACT(DAY FROM pp."birth_date")';
            add(`y."cohort_year"${p.peil.offset ? ` + ${p.peil.offset}` : ''} - CAST(EXTRACT(YEAR FROM pp."birth_date") AS INTEGER) - CASE WHEN ${peilMd} < ${birthMd} THEN 1 ELSE 0 END < ${c.ageBelow}`);
        }
        switch (c.inflow.kind) {
            case 'direct': add(directCond); break;
            case 'indirect': add(`pb."school_year" IS NOT NULL AND NOT (${directCond})`); break;
            case 'direct-by-enrollment': {
                const sectors = c.inflow.sectors === 'any' ? '' : ` AND d."sector" IN (${this.list(c.inflow.sectors)})`;
                add(`EXISTS (\n      SELECT 1 FROM "enrollment" AS d\n      WHERE d."person" = e."person" AND d."k1" <= y."cohort_year" - 1 AND d."k2" >= y."cohort_year" - 1${sectors}\n    )`);
                break;
            }
            case 'any': break;
        }
        const lo = c.lookback.kind === 'window' ? String(c.lookback.firstYear) : `y."cohort_year" - ${c.lookback.years}`;
        add(`NOT EXISTS (\n      SELECT 1 FROM "enrollment" AS h\n      WHERE h."person" = e."person" AND ${this.keyEquals(c.entryKey, 'e', 'h')}\n        AND h."k1" <= y."cohort_year" - 1 AND h."k2" >= ${lo}\n    )`);

        const byCols = p.breakdown.map((b) => {
            const alias = this.id(`by_${b.name}`);
            switch (b.from) {
                case 'anchor': return `e.${this.id(b.column)} AS ${alias}`;
                case 'person': return `pp.${this.id(b.column)} AS ${alias}`;
                case 'prior': return `pb."category" AS ${alias}`;
                case 'inflow': return `CASE WHEN pb."school_year" IS NULL THEN NULL WHEN ${directCond} THEN 'direct' ELSE 'indirect' END AS ${alias}`;
            }
        });
        const joins = [
            'FROM "enrollment" AS e',
            'JOIN "cohort_year" AS y ON e."k1" <= y."cohort_year" AND e."k2" >= y."cohort_year"',
            ...(p.needsPrior ? ['LEFT JOIN "prior_best" AS pb ON pb."person" = e."person" AND pb."cohort_year" = y."cohort_year"'] : []),
            ...(p.needsPerson ? ['LEFT JOIN "person" AS pp ON pp."person" = e."person"'] : []),
        ];
        ctes.push(['candidate', [
            `SELECT\n    y."cohort_year", e."person", e."institution", e."programme", e."sector", e."main", e."start", e."source_row"${byCols.map((b) => `,\n    ${b}`).join('')}`,
            `  ${joins.join('\n  ')}`,
            `  WHERE ${filters.join('\n    AND ')}`,
        ].join('\n')]);

        // One anchor per person (or per person and entry unit): main first, earliest start, lowest codes, first row.
        const partition = ['"cohort_year"', '"person"', ...(c.unit === 'enrollment' ? c.entryKey.map((k) => this.id(k)) : [])];
        const order = [
            'COALESCE("main", FALSE) DESC', '"start" ASC NULLS LAST', `${this.d.codePoint('"institution"')} ASC NULLS LAST`,
            `${this.d.codePoint('"programme"')} ASC NULLS LAST`, '"source_row" ASC',
        ];
        ctes.push(['anchor', [
            `SELECT *, row_number() OVER (ORDER BY "cohort_year", ${this.d.codePoint('"person"')}, ${this.d.codePoint('"institution"')}, ${this.d.codePoint('"programme"')}, "source_row") AS "anchor_id"`,
            '  FROM (',
            `    SELECT *, row_number() OVER (PARTITION BY ${partition.join(', ')} ORDER BY ${order.join(', ')}) AS "pick"`,
            '    FROM "candidate"',
            '  ) AS "ranked"',
            '  WHERE "pick" = 1',
        ].join('\n')]);

        // Status on each needed peildatum after entry.
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
            ...(switchMatters ? [`    MAX(CASE WHEN ${this.switchDomain('e', 'c')} THEN 1 ELSE 0 END) AS "in_domain"`] : []),
            '  FROM "checkpoint" AS c',
            '  LEFT JOIN "enrollment" AS e ON e."person" = c."person" AND e."k1" <= c."year_k" AND e."k2" >= c."year_k"',
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
                `    SELECT *, MIN(CASE WHEN "status" IN ('graduated', 'dropout') THEN "k" END) OVER (PARTITION BY "anchor_id") AS "exit_k"`,
                `    FROM "status" WHERE "k" <= ${n}`,
                `  ) AS s ON s."anchor_id" = a."anchor_id" AND s."k" = COALESCE(s."exit_k", ${n})`,
            ]
            : ['SELECT a.*, s."status" AS "outcome"', '  FROM "anchor" AS a', `  JOIN "status" AS s ON s."anchor_id" = a."anchor_id" AND s."k" = ${n}`];
        if (o.overRetainedAfter !== undefined) {
            outcomeLines.push(`  JOIN "status" AS r ON r."anchor_id" = a."anchor_id" AND r."k" = ${o.overRetainedAfter} AND r."status" = 'retained'`);
        }
        ctes.push(['outcome', outcomeLines.join('\n')]);

        const by = p.breakdown.map((b) => this.id(`by_${b.name}`));
        const final = options.records
            ? `SELECT "cohort_year", "person", "institution", "programme", "sector"${by.map((b) => `, ${b}`).join('')}, "outcome"\nFROM "outcome"\nORDER BY "cohort_year", ${this.d.codePoint('"person"')}, ${this.d.codePoint('"institution"')}, ${this.d.codePoint('"programme"')}`
            : `SELECT "cohort_year"${by.map((b) => `, ${b}`).join('')}, "outcome", COUNT(*) AS "n"\nFROM "outcome"\nGROUP BY "cohort_year"${by.map((b) => `, ${b}`).join('')}, "outcome"`;

        // A title or citation may span lines: every line of the header stays a comment.
        const header = cardText(p.definition, options.relativeTo).flatMap((l) => l.split(/\r\n|\r|\n/)).map((l) => `-- ${l}`);
        header.push(`-- source ${p.source.qualifiedName}, observed ${p.source.observed?.from} .. ${p.source.observed?.until}`);
        if (this.d.inputNotes) {
            header.push(...this.d.inputNotes(p.relations.map((r) => ({ file: r.file, shownPath: this.shownPath(r.file.path) }))).map((l) => `-- ${l}`));
        } else if (options.relativeTo) header.push('-- data paths are relative to the workspace root: run this SQL from there');
        header.push(`-- cohort years computed: ${p.years.join(', ') || 'none'}`);
        for (const inc of p.incomplete) header.push(`-- cohort ${inc.year} incomplete: ${inc.reason}`);
        const body = ctes.map(([name, sql]) => `${this.id(name)} AS (\n  ${sql}\n)`).join(',\n');
        return `${header.join('\n')}\nWITH\n${body}\n${final};\n`;
    }
}

const RECORD_OF: Readonly<Record<RelationPlan['name'], RecordKind>> = {
    enrollment: 'enrollments', diploma: 'diplomas', prior_education: 'prior education', person: 'persons',
};


export function printSql(plan: Plan, dialect: Dialect, options: PrintOptions = {}): string {
    if (plan.years.length === 0) throw new Error('no complete cohort year to compute');
    return new Printer(dialect, plan, options.relativeTo).print(options);
}

/** The SQL of one source relation alone (for data checks before a run). */
export function printRelation(plan: Plan, dialect: Dialect, relation: RelationPlan): string {
    return new Printer(dialect, plan).relation(relation);
}
