// Random timelines for the differential property test: a batch of persons with enrollments, diplomas and prior
// education, generated as small *specs* (so fast-check shrinks them meaningfully) and turned by a pure function into
// (a) the in-memory Records the reference evaluator reads and (b) CSV files plus a SourceSpec, built as plain data,
// that the SQL engines read. Both views come from the same rows, in the same file order (source row numbers).
//
// The generator aims at the edges of SEMANTICS.md: dates on and around the peildatum (30 September, 1 and 2 October),
// the start of a study year (1 August, 1 September), 29 February, several enrollments at once, re-entry after a gap,
// year-only diploma periods, prior education of every category and school year, missing flags and birth dates,
// and observation windows whose edges fall on, just before or just after a peildatum.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type {
    DataFileSpec, Diploma, Enrollment, FieldValue, MappingSpec, MonthDay, Person, PriorEducation, Records, SourceSpec,
} from '@stroom/language';

// ------------------------------------------------------------------------------------------------ vocabulary

export const INSTITUTIONS = ['A', 'B', 'a'] as const; // 'B' < 'a' by code point, not by most collations
export const PROGRAMMES = ['34001', '100', '20'] as const; // '100' < '20' < '34001' as text
export const SECTORS = ['hbo', 'mbo', 'vo', 'wo', 'vavo', 'vso'] as const;
export const MODES = ['fulltime', 'parttime', 'dual', 'bol', 'bbl'] as const;
export const LEVELS_BY_SECTOR: Readonly<Record<string, readonly string[]>> = {
    vo: ['havo', 'vwo', 'vmbo-t', 'vmbo-g', 'vmbo-k', 'vmbo-b'],
    vso: ['vso'],
    vavo: ['havo', 'vwo', 'vmbo-t'],
    mbo: ['mbo-3', 'mbo-2', 'mbo-4', 'mbo-1'],
    hbo: ['ba', 'ad', 'ma'],
    wo: ['ba', 'ma'],
};
export const ALL_LEVELS = ['havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4', 'mbo-1', 'vmbo-t', 'vmbo-g', 'vmbo-k', 'vmbo-b', 'vso', 'ad', 'ba', 'ma'] as const;
export const PRIOR_CATEGORIES = ['havo', 'vmbo-t', 'vmbo-g', 'vwo', 'mbo-4', 'mbo-3', 'mbo-2', 'mbo-1', 'vmbo-k', 'vmbo-b',
    'vso', 'hbo-p', 'hbo-ad', 'hbo-ba', 'hbo-ma', 'wo-p', 'wo-ba', 'wo-ma', 'other'] as const;

/** Month-days worth hitting: around the peildatum, the study-year starts, year ends and 29 February. */
export const EDGE_MONTH_DAYS = ['10-01', '09-30', '10-02', '09-01', '08-31', '08-01', '07-31', '06-30', '12-31',
    '01-01', '01-31', '02-01', '02-28', '02-29', '03-01', '10-15'] as const;

// ------------------------------------------------------------------------------------------------ specs

/** A month-day: an edge (index into EDGE_MONTH_DAYS) or any day 1..28 of a month. */
export type MdSpec = string;
export interface DateSpec { readonly year: number; readonly md: MdSpec }

export interface EnrollmentSpec {
    /** fresh: own start; next: the day after the previous one ends; gap: a year or more later; concurrent: same start. */
    readonly link: 'fresh' | 'next' | 'gap' | 'concurrent';
    /** Relative to the previous enrollment (the first one is always `random`). */
    readonly unit: 'same' | 'programme' | 'institution' | 'sector' | 'random';
    readonly start: DateSpec;
    readonly gapYears: number;
    /** null: open; else end = start year + years, at the month-day (never before the start). */
    readonly end: { readonly years: number; readonly md: MdSpec } | null;
    readonly institution: number;
    readonly programme: number;
    readonly sector: number;
    /** Index into the sector's levels; -1 = missing. */
    readonly level: number;
    /** Index into MODES; -1 = missing. */
    readonly mode: number;
    readonly main: boolean | null;
    readonly funded: boolean | null;
    /** Very rarely a unit field is missing (a missing field never matches and fails filters). */
    readonly missing: 'none' | 'sector' | 'programme' | 'institution';
}

export interface DiplomaSpec {
    /** The enrollment (index, modulo the person's count) the diploma is of; -1 = unrelated to any enrollment. */
    readonly of: number;
    readonly when: 'end' | 'end+1' | 'peildatum' | 'peildatum-1' | 'start' | 'free';
    /** For `peildatum`: years after the enrollment's start; for `free`: the date. */
    readonly yearsAfter: number;
    readonly free: DateSpec;
    readonly kind: 'final' | 'propedeuse' | null;
    /** -1: the enrollment's level; else an index into ALL_LEVELS. */
    readonly level: number;
    /** Another institution or programme than the enrollment's. */
    readonly elsewhere: 'no' | 'institution' | 'programme';
    /** A year-only diploma (a period) where the source maps periods. */
    readonly yearOnly: boolean;
    readonly sector: number;
    readonly institution: number;
    readonly programme: number;
}

/** `twin`: a second record in the same school year whose category shares the rank (vmbo-t and vmbo-g), or repeats it. */
export interface PriorSpec { readonly category: number; readonly schoolYear: number; readonly twin: boolean }

export interface PersonSpec {
    /** none: no row in the persons file; else a row, with or without a birth date. */
    readonly row: 'none' | 'row';
    readonly birth: DateSpec | null;
    readonly gender: 'm' | 'v' | null;
    readonly region: 'noord' | 'zuid' | null;
    readonly enrollments: readonly EnrollmentSpec[];
    readonly diplomas: readonly DiplomaSpec[];
    readonly prior: readonly PriorSpec[];
}

export type DiplomaMapping = 'date' | 'period' | 'year period';

export interface BatchSpec {
    readonly observedFrom: DateSpec;
    readonly observedUntil: DateSpec;
    readonly studyYearStart: '09-01' | '08-01';
    readonly diplomaMapping: DiplomaMapping;
    readonly yearOnlyAt: 'first' | 'last' | null;
    readonly dateFormat: 'yyyy-MM-dd' | 'yyyyMMdd' | 'd-M-yyyy';
    readonly booleans: 'words' | 'digits' | 'dutch';
    /** Rotates file rows so that file order is not person order (source row numbers are the last tie-break). */
    readonly rotate: number;
    readonly persons: readonly PersonSpec[];
}

// ------------------------------------------------------------------------------------------------ arbitraries

/** Alternatives shrink towards the first (the plain or default one). */
const CROSS = { withCrossShrink: true } as const;

const mdArb: fc.Arbitrary<MdSpec> = fc.oneof(CROSS, 
    { weight: 4, arbitrary: fc.constantFrom(...EDGE_MONTH_DAYS) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${pad(m)}-${pad(d)}`) },
);

/**
 * A year in min..max that fast-check biases (and shrinks) towards `centre` rather than towards min: the early,
 * small runs of a property then still land in the cohort years instead of all at the window's start.
 */
export const yearArb = (min: number, max: number, centre: number): fc.Arbitrary<number> =>
    fc.integer({ min: min - centre, max: max - centre }).map((d) => centre + d, (y) => (y as number) - centre);

const dateArb = (min: number, max: number, centre: number): fc.Arbitrary<DateSpec> => fc.record({ year: yearArb(min, max, centre), md: mdArb });

const boolOrMissing: fc.Arbitrary<boolean | null> = fc.oneof(CROSS, { weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) });

const enrollmentArb: fc.Arbitrary<EnrollmentSpec> = fc.record({
    link: fc.constantFrom('fresh', 'next', 'gap', 'concurrent'),
    unit: fc.constantFrom('same', 'programme', 'institution', 'sector', 'random'),
    start: dateArb(2013, 2023, 2018),
    gapYears: fc.integer({ min: 0, max: 2 }),
    end: fc.option(fc.record({ years: fc.integer({ min: 0, max: 4 }), md: mdArb }), { freq: 4 }),
    institution: fc.integer({ min: 0, max: INSTITUTIONS.length - 1 }),
    programme: fc.integer({ min: 0, max: PROGRAMMES.length - 1 }),
    sector: fc.integer({ min: 0, max: SECTORS.length - 1 }),
    level: fc.integer({ min: -1, max: 5 }),
    mode: fc.integer({ min: -1, max: MODES.length - 1 }),
    main: boolOrMissing,
    funded: boolOrMissing,
    missing: fc.oneof(CROSS, { weight: 12, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom('sector' as const, 'programme' as const, 'institution' as const) }),
});

const diplomaArb: fc.Arbitrary<DiplomaSpec> = fc.record({
    of: fc.integer({ min: -1, max: 3 }),
    when: fc.constantFrom('end', 'end+1', 'peildatum', 'peildatum-1', 'start', 'free'),
    yearsAfter: fc.integer({ min: 0, max: 3 }),
    free: dateArb(2014, 2024, 2019),
    kind: fc.oneof(CROSS, { weight: 6, arbitrary: fc.constant('final' as const) }, { weight: 2, arbitrary: fc.constant('propedeuse' as const) }, { weight: 1, arbitrary: fc.constant(null) }),
    level: fc.integer({ min: -1, max: ALL_LEVELS.length - 1 }),
    elsewhere: fc.oneof(CROSS, { weight: 4, arbitrary: fc.constant('no' as const) }, { weight: 1, arbitrary: fc.constantFrom('institution' as const, 'programme' as const) }),
    yearOnly: fc.boolean(),
    sector: fc.integer({ min: 0, max: SECTORS.length - 1 }),
    institution: fc.integer({ min: 0, max: INSTITUTIONS.length - 1 }),
    programme: fc.integer({ min: 0, max: PROGRAMMES.length - 1 }),
});

const priorArb: fc.Arbitrary<PriorSpec> = fc.record({
    // Often havo/vmbo-t/vmbo-g/vwo (the first four): vmbo-t and vmbo-g share a rank, so ties need a rule.
    category: fc.oneof(CROSS, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: PRIOR_CATEGORIES.length - 1 }) }),
    schoolYear: yearArb(2010, 2024, 2017),
    twin: fc.oneof(CROSS, { weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const personArb: fc.Arbitrary<PersonSpec> = fc.record({
    row: fc.oneof(CROSS, { weight: 5, arbitrary: fc.constant('row' as const) }, { weight: 1, arbitrary: fc.constant('none' as const) }),
    birth: fc.option(dateArb(1994, 2008, 2001), { freq: 6 }),
    gender: fc.constantFrom('m' as const, 'v' as const, null),
    region: fc.constantFrom('noord' as const, 'zuid' as const, null),
    enrollments: fc.array(enrollmentArb, { minLength: 0, maxLength: 4 }),
    diplomas: fc.array(diplomaArb, { minLength: 0, maxLength: 3 }),
    prior: fc.array(priorArb, { minLength: 0, maxLength: 3 }),
});

export function batchArb(persons: { min: number; max: number }): fc.Arbitrary<BatchSpec> {
    return fc.record({
        observedFrom: fc.record({
            year: yearArb(2014, 2018, 2016),
            md: fc.constantFrom('09-01', '10-01', '10-02', '09-30', '08-01', '01-01', '02-01'),
        }),
        observedUntil: fc.record({
            year: yearArb(2021, 2025, 2023),
            md: fc.constantFrom('09-30', '10-01', '09-29', '10-02', '12-31', '08-31', '01-31', '02-01'),
        }),
        studyYearStart: fc.constantFrom('09-01' as const, '08-01' as const),
        diplomaMapping: fc.constantFrom('period' as const, 'date' as const, 'year period' as const),
        yearOnlyAt: fc.constantFrom('last' as const, 'first' as const, null),
        dateFormat: fc.constantFrom('yyyy-MM-dd' as const, 'yyyyMMdd' as const, 'd-M-yyyy' as const),
        booleans: fc.constantFrom('words' as const, 'digits' as const, 'dutch' as const),
        rotate: fc.nat({ max: 50 }),
        persons: fc.array(personArb, { minLength: persons.min, maxLength: persons.max, size: 'max' }),
    });
}

// ------------------------------------------------------------------------------------------------ dates

function pad(n: number, width = 2): string {
    return String(n).padStart(width, '0');
}

function isLeap(y: number): boolean {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** A real date: 29 February moves to the nearest earlier leap year. */
export function dateOf(d: DateSpec): string {
    let year = d.year;
    if (d.md === '02-29') while (!isLeap(year)) year -= 1;
    return `${pad(year, 4)}-${d.md}`;
}

function addDays(date: string, days: number): string {
    const [y, m, d] = date.split('-').map(Number);
    const t = new Date(Date.UTC(y, m - 1, d) + days * 86_400_000);
    return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function yearOf(date: string): number {
    return Number(date.slice(0, 4));
}

// ------------------------------------------------------------------------------------------------ materialised batch

/** A timeline as rows, before file order: what both the evaluator and the CSV files are made from. */
export interface Timeline {
    readonly observed: { readonly from: string; readonly until: string };
    readonly studyYearStart: MonthDay;
    readonly diplomaMapping: DiplomaMapping;
    readonly yearOnlyAt?: 'first' | 'last';
    readonly dateFormat: string;
    readonly booleans: BatchSpec['booleans'];
    readonly persons: readonly Person[];
    /** Without source rows: the file order decides them. */
    readonly enrollments: readonly Omit<Enrollment, 'sourceRow'>[];
    readonly diplomas: readonly (Omit<Diploma, 'sourceRow'> & { readonly year?: number })[];
    readonly prior: readonly Omit<PriorEducation, 'sourceRow'>[];
}

function rotate<T>(list: readonly T[], by: number): T[] {
    if (list.length === 0) return [];
    const k = by % list.length;
    return [...list.slice(k), ...list.slice(0, k)];
}

/** The 1cijferHO-style period of diploma year T: 1 October T .. 30 September T+1. */
const YEAR_PERIOD_START: MonthDay = { month: 10, day: 1 };

function diplomaYearOf(date: string): number {
    const md = date.slice(5);
    return md >= '10-01' ? yearOf(date) : yearOf(date) - 1;
}

export function materialise(spec: BatchSpec): Timeline {
    const observed = { from: dateOf(spec.observedFrom), until: dateOf(spec.observedUntil) };
    const persons: Person[] = [];
    const enrollments: Omit<Enrollment, 'sourceRow'>[] = [];
    const diplomas: (Omit<Diploma, 'sourceRow'> & { year?: number })[] = [];
    const prior: Omit<PriorEducation, 'sourceRow'>[] = [];
    spec.persons.forEach((p, n) => {
        const key = `p${pad(n + 1)}`;
        if (p.row === 'row') {
            persons.push({ person: key, birthDate: p.birth ? dateOf(p.birth) : null, attributes: { gender: p.gender, region: p.region } });
        }
        const own: Omit<Enrollment, 'sourceRow'>[] = [];
        for (const e of p.enrollments) {
            const prev = own[own.length - 1];
            let start: string;
            if (prev === undefined || e.link === 'fresh' || ((e.link === 'next' || e.link === 'gap') && prev.end === null)) start = dateOf(e.start);
            else if (e.link === 'next') start = addDays(prev.end!, 1);
            else if (e.link === 'gap') start = dateOf({ year: yearOf(prev.end!) + 1 + e.gapYears, md: e.start.md });
            else start = prev.start;
            let end: string | null = null;
            if (e.end !== null) {
                end = dateOf({ year: yearOf(start) + e.end.years, md: e.end.md });
                if (end < start) end = start;
            }
            let institution: string = INSTITUTIONS[e.institution];
            let programme: string = PROGRAMMES[e.programme];
            let sector: string = SECTORS[e.sector];
            const unit = prev === undefined ? 'random' : e.unit;
            if (prev !== undefined && unit !== 'random') {
                institution = prev.institution ?? institution;
                programme = prev.programme ?? programme;
                sector = prev.sector ?? sector;
                if (unit === 'programme') programme = PROGRAMMES[(PROGRAMMES.indexOf(programme as never) + 1 + (e.programme % 2)) % PROGRAMMES.length];
                if (unit === 'institution') institution = INSTITUTIONS[(INSTITUTIONS.indexOf(institution as never) + 1 + (e.institution % 2)) % INSTITUTIONS.length];
                if (unit === 'sector') sector = SECTORS[(SECTORS.indexOf(sector as never) + 1 + e.sector) % SECTORS.length];
            }
            const levels = LEVELS_BY_SECTOR[sector];
            const level = unit === 'same' && prev ? prev.level : e.level < 0 ? null : levels[e.level % levels.length];
            own.push({
                person: key,
                institution: e.missing === 'institution' ? null : institution,
                programme: e.missing === 'programme' ? null : programme,
                sector: e.missing === 'sector' ? null : sector,
                level, mode: e.mode < 0 ? null : MODES[e.mode], main: e.main, funded: e.funded, start, end, leaveReason: null,
            });
        }
        enrollments.push(...own);
        for (const d of p.diplomas) {
            const of = d.of < 0 || own.length === 0 ? undefined : own[d.of % own.length];
            let date: string;
            if (of === undefined || d.when === 'free') date = dateOf(d.free);
            else {
                const endOrLater = of.end ?? dateOf({ year: yearOf(of.start) + 1 + d.yearsAfter, md: '06-30' });
                switch (d.when) {
                    case 'end': date = endOrLater; break;
                    case 'end+1': date = addDays(endOrLater, 1); break;
                    case 'start': date = of.start; break;
                    case 'peildatum': date = `${yearOf(of.start) + d.yearsAfter}-10-01`; break;
                    case 'peildatum-1': date = `${yearOf(of.start) + d.yearsAfter}-09-30`; break;
                }
            }
            const sector = of?.sector ?? SECTORS[d.sector];
            const level = d.level < 0 ? of?.level ?? null : ALL_LEVELS[d.level];
            const institution = of === undefined || d.elsewhere === 'institution' ? INSTITUTIONS[d.institution] : of.institution;
            const programme = of === undefined || d.elsewhere === 'programme' ? PROGRAMMES[d.programme] : of.programme;
            const yearOnly = spec.diplomaMapping === 'year period' || (spec.diplomaMapping === 'period' && d.yearOnly);
            const base = { person: key, institution, programme, sector, level, kind: d.kind };
            if (yearOnly) {
                const year = diplomaYearOf(date);
                diplomas.push({ ...base, first: `${year}-10-01`, last: `${year + 1}-09-30`, year });
            } else diplomas.push({ ...base, first: date, last: date });
        }
        for (const r of p.prior) {
            const category = PRIOR_CATEGORIES[r.category];
            prior.push({ person: key, category, schoolYear: r.schoolYear });
            if (r.twin) prior.push({ person: key, category: category === 'vmbo-t' ? 'vmbo-g' : category === 'vmbo-g' ? 'vmbo-t' : category, schoolYear: r.schoolYear });
        }
    });
    const [m, d] = spec.studyYearStart.split('-').map(Number);
    return {
        observed, studyYearStart: { month: m, day: d }, diplomaMapping: spec.diplomaMapping,
        ...(spec.yearOnlyAt ? { yearOnlyAt: spec.yearOnlyAt } : {}),
        dateFormat: spec.dateFormat, booleans: spec.booleans,
        persons: rotate(persons, spec.rotate), enrollments: rotate(enrollments, spec.rotate * 7),
        diplomas: rotate(diplomas, spec.rotate * 3), prior: rotate(prior, spec.rotate * 5),
    };
}

/** The evaluator's records: the timeline's rows in file order, numbered from 1. */
export function recordsOf(t: Timeline): Records {
    return {
        persons: t.persons,
        enrollments: t.enrollments.map((e, i) => ({ ...e, sourceRow: i + 1 })),
        diplomas: t.diplomas.map(({ year: _year, ...d }, i) => ({ ...d, sourceRow: i + 1 })),
        prior: t.prior.map((r, i) => ({ ...r, sourceRow: i + 1 })),
    };
}

// ------------------------------------------------------------------------------------------------ files and source

function formatDate(date: string | null, format: string): string {
    if (date === null) return '';
    const [y, m, d] = date.split('-');
    switch (format) {
        case 'yyyyMMdd': return `${y}${m}${d}`;
        case 'd-M-yyyy': return `${Number(d)}-${Number(m)}-${y}`;
        default: return date;
    }
}

function formatBool(b: boolean | null, style: BatchSpec['booleans']): string {
    if (b === null) return '';
    switch (style) {
        case 'digits': return b ? '1' : '0';
        case 'dutch': return b ? 'Ja' : 'nee';
        default: return b ? 'true' : 'FALSE';
    }
}

function csvFile(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
    const cell = (v: string | number | null) => (v === null ? '' : String(v));
    return `${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
}

/** Writes the timeline's four CSV files into `dir` and describes them as a SourceSpec (plain data). */
export function writeBatch(t: Timeline, dir: string, name = 'Batch'): SourceSpec {
    fs.mkdirSync(dir, { recursive: true });
    const at = { file: path.join(dir, 'source.stroom'), line: 1 };
    const file = (local: string, written: string): DataFileSpec => ({ name: local, format: 'csv', path: path.join(dir, written), written, at });
    const col = (column: string): FieldValue => ({ kind: 'column', column });
    const date = (column: string): FieldValue => ({ kind: 'date', column, format: t.dateFormat });
    const f = (d: string | null) => formatDate(d, t.dateFormat);
    const b = (v: boolean | null) => formatBool(v, t.booleans);

    fs.writeFileSync(path.join(dir, 'persons.csv'), csvFile(['person', 'birth_date', 'gender', 'region'],
        t.persons.map((p) => [p.person, f(p.birthDate), p.attributes.gender ?? null, p.attributes.region ?? null])));
    fs.writeFileSync(path.join(dir, 'enrollments.csv'), csvFile(['person', 'institution', 'programme', 'sector', 'level', 'mode', 'main', 'funded', 'start', 'end'],
        t.enrollments.map((e) => [e.person, e.institution, e.programme, e.sector, e.level, e.mode, b(e.main), b(e.funded), f(e.start), f(e.end)])));
    let dateField: FieldValue;
    let dateColumns: string[];
    let dateCells: (d: Timeline['diplomas'][number]) => string[];
    switch (t.diplomaMapping) {
        case 'date':
            dateField = date('date');
            dateColumns = ['date'];
            dateCells = (d) => [f(d.first)];
            break;
        case 'period':
            dateField = { kind: 'period', from: { column: 'first_day', format: t.dateFormat }, to: { column: 'last_day', format: t.dateFormat } };
            dateColumns = ['first_day', 'last_day'];
            dateCells = (d) => [f(d.first), f(d.last)];
            break;
        case 'year period':
            dateField = { kind: 'year period', column: 'year', start: YEAR_PERIOD_START };
            dateColumns = ['year'];
            dateCells = (d) => [String(d.year)];
            break;
    }
    fs.writeFileSync(path.join(dir, 'diplomas.csv'), csvFile(['person', 'institution', 'programme', 'sector', 'level', 'kind', ...dateColumns],
        t.diplomas.map((d) => [d.person, d.institution, d.programme, d.sector, d.level, d.kind, ...dateCells(d)])));
    fs.writeFileSync(path.join(dir, 'prior.csv'), csvFile(['person', 'category', 'school_year'],
        t.prior.map((r) => [r.person, r.category, r.schoolYear])));

    const mappings: MappingSpec[] = [
        {
            record: 'persons', file: file('persons', 'persons.csv'), at,
            fields: { person: col('person'), 'birth date': date('birth_date'), gender: col('gender'), region: col('region') },
        },
        {
            record: 'enrollments', file: file('enrollments', 'enrollments.csv'), at,
            fields: {
                person: col('person'), institution: col('institution'), programme: col('programme'), sector: col('sector'),
                level: col('level'), mode: col('mode'), main: col('main'), funded: col('funded'), start: date('start'), end: date('end'),
            },
        },
        {
            record: 'diplomas', file: file('diplomas', 'diplomas.csv'), at,
            fields: {
                person: col('person'), institution: col('institution'), programme: col('programme'), sector: col('sector'),
                level: col('level'), kind: col('kind'), date: dateField,
            },
        },
        {
            record: 'prior education', file: file('prior', 'prior.csv'), at,
            fields: { person: col('person'), category: col('category'), 'diploma year': { kind: 'school year', column: 'school_year' } },
        },
    ];
    return {
        name, qualifiedName: `property.${name}`, studyYearStart: t.studyYearStart, observed: t.observed, missing: [],
        ...(t.yearOnlyAt ? { yearOnlyAt: t.yearOnlyAt } : {}),
        mappings, file: at.file, line: 1,
    };
}

/** The timeline as readable lines (one record a line), for failure messages. */
export function timelineText(t: Timeline): string {
    const lines = [
        `observed from ${t.observed.from} until ${t.observed.until}; study year starts ${t.studyYearStart.day}-${t.studyYearStart.month}; `
        + `diploma dates mapped as ${t.diplomaMapping}${t.yearOnlyAt ? `, year-only diplomas count at ${t.yearOnlyAt} day` : ''}`,
    ];
    const records = recordsOf(t);
    const show = (o: object) => JSON.stringify(o);
    for (const p of records.persons) lines.push(`  person     ${show(p)}`);
    for (const e of records.enrollments) {
        const { leaveReason: _l, ...rest } = e;
        lines.push(`  enrollment ${show(rest)}`);
    }
    for (const d of records.diplomas) {
        const { first, last, ...rest } = d;
        lines.push(`  diploma    ${show({ ...rest, ...(first === last ? { date: first } : { period: `${first}..${last}` }) })}`);
    }
    for (const r of records.prior) lines.push(`  prior      ${show(r)}`);
    return lines.join('\n');
}
