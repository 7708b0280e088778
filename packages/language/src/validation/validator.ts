// Validation as a checks map: one check per AST type, every diagnostic with a code from codes.ts.
import { AstUtils, CstUtils, isLeafCstNode, type AstNode, type ValidationAcceptor, type ValidationChecks, type DiagnosticInfo } from 'langium';
import * as ast from '../generated/ast.js';
import type { StroomServices } from '../stroom-module.js';
import { CODES, type DiagnosticCode } from './codes.js';
import {
    CLASSIFIED_CLAUSES, breakdownNames, classifiedYear, cohortKind, constantValue, dataFileSpec, measureOf, normalizeField, resolveIndicator, resolveSource, unquote,
} from '../definition/resolve.js';
import { missingRecords, missingRecordsMessage } from '../plan/needs.js';
import { importedNames, qualifiedName } from '../scope.js';
import {
    CLASSIFIED_MEASURED, DIPLOMA_KINDS, LEVELS, MEASURE_OUTCOMES, MODES, PRIOR_CATEGORIES, RECORD_FIELDS, SECTORS, codesFor, type FieldType,
    type RecordKind, type Term,
} from '../vocabulary.js';
import type { CohortKind, MeasureName } from '../definition/types.js';
import { MAX_HEADER_BYTES, csvHeaderTooLong, readCsvHeader } from '../workspace/csv-header.js';
import { MAX_LAYOUT_BYTES } from '../workspace/cached-read.js';
import { readLayout } from '../workspace/layout.js';
import { readRecordsLayout, recordColumns } from '../workspace/records-layout.js';
import { isPattern, matchingFiles } from '../workspace/files.js';
import * as path from 'node:path';
import type { DataFileSpec } from '../definition/types.js';
import { checkOnEvaluator } from '../examples/check.js';
import { containsPassword } from './secrets.js';
import { cut, nameList } from '../text/quote.js';
import { DATE_PROPERTIES, INT_BOUNDS, badStrings, hasOutOfRange, outOfRange } from './bounds.js';
import { DEFAULT_SUPPRESSION } from '../workspace/config.js';

type Report = <N extends AstNode>(code: DiagnosticCode, message: string, info: Omit<DiagnosticInfo<N>, 'code'>) => void;

/** The values a source's `leave reason` value map gives, in map order; undefined without a map (raw codes). */
export function leaveReasonValues(source: ast.Source): string[] | undefined {
    const field = source.members.filter(ast.isMapping).filter((m) => m.record === 'enrollments')
        .flatMap((m) => m.fields).find((f) => normalizeField(f.field) === 'leave reason');
    const value = field?.value;
    if (!value || !ast.isColumnValue(value) || !value.valueMap) return undefined;
    return [...new Set(value.valueMap.entries.map((e) => e.value))];
}

function reporter(accept: ValidationAcceptor): Report {
    return (code, message, info) => accept(CODES[code].severity, message, { ...info, code, data: { code } } as DiagnosticInfo<AstNode>);
}

const COHORT_CLAUSES = new Set(['KindClause', 'EntryClause', 'EntryFlagClause', 'InflowClause', 'PriorClause', 'SectorClause', 'ModeClause',
    'LevelClause', 'FundedClause', 'MainOnlyClause', 'MainAnchorClause', 'HistoryClause', 'AgeClause', 'LookbackClause', 'YearsClause', 'PeildatumClause', 'OnSourceClause',
    'LeaveReasonClause', 'FirstYearClause']);
const INDICATOR_CLAUSES = new Set(['CohortRefClause', 'MeasureClause', 'HorizonClause', 'ScopeClause', 'SwitchClause',
    'SwitchDomainClause', 'DiplomaClause', 'UnitClause', 'ReentryClause', 'SuppressClause', 'DecimalsClause', 'NormClause', 'ByClause', 'OnSourceClause']);
const CONVENTION_CLAUSES = new Set([...COHORT_CLAUSES, ...INDICATOR_CLAUSES, 'CiteClause']);
for (const c of ['CohortRefClause', 'ByClause', 'OnSourceClause', 'YearsClause']) CONVENTION_CLAUSES.delete(c);

/** Measures valid per cohort kind (SEMANTICS.md, Measures). */
export const VALID_MEASURES: Readonly<Record<CohortKind, readonly MeasureName[]>> = {
    entering: ['dropout', 'switch', 'retention', 'success', 'startersresultaat', 'destination'],
    enrolled: ['vsv', 'destination'],
    graduating: ['destination'],
    leaving: ['jaarresultaat'],
    deregistration: ['destination'],
};


export function registerValidationChecks(services: StroomServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.StroomValidator;
    const checks: ValidationChecks<ast.StroomAstType> = {
        Model: [validator.checkModel, validator.checkSecrets, validator.checkStrings],
        Indicator: validator.checkIndicator,
        Cohort: validator.checkCohort,
        Convention: validator.checkConvention,
        Source: validator.checkSource,
        Mapping: validator.checkMapping,
        Population: validator.checkClassifiedMapping,
        Outcomes: validator.checkClassifiedMapping,
        DecodeTable: validator.checkDecodeTable,
        OnSourceClause: validator.checkOnSource,
        NormClause: validator.checkNormClause,
        Compare: validator.checkCompare,
        PeildatumClause: validator.checkPeildatum,
        StudyYearStartClause: validator.checkPeildatum,
        YearsClause: validator.checkYears,
        EntryClause: validator.checkCodes,
        SectorClause: validator.checkCodes,
        HistoryClause: validator.checkCodes,
        ModeClause: validator.checkCodes,
        LevelClause: validator.checkCodes,
        PriorClause: validator.checkCodes,
        InflowClause: validator.checkCodes,
        SwitchDomainClause: validator.checkCodes,
        DiplomaClause: validator.checkCodes,
        ObservedClause: validator.checkObserved,
        Example: validator.checkExample,
        PriorEvent: validator.checkPriorEvent,
        SuppressClause: validator.checkSuppress,
        YearPeriodValue: validator.checkPeildatum,
    };
    // Every node type that holds a number or a date gets the bounds check too.
    const table = checks as Record<string, unknown>;
    for (const type of new Set([...Object.keys(INT_BOUNDS), ...Object.keys(DATE_PROPERTIES)])) {
        const own = table[type];
        table[type] = own === undefined ? [validator.checkBounds] : [...(Array.isArray(own) ? own : [own]), validator.checkBounds];
    }
    registry.register(checks, validator);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export class StroomValidator {
    constructor(private readonly services: StroomServices) { }

    checkModel = (model: ast.Model, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const index = this.services.shared.workspace.IndexManager;
        const uri = AstUtils.getDocument(model).uri.toString();
        const seen = new Set<string>();
        // One map of the index per file: a search of the index per element made a file of N elements cost N^2.
        const elsewhereByName = new Map<string, string>();
        for (const d of index.allElements()) {
            if (d.documentUri.toString() !== uri && !elsewhereByName.has(d.name)) elsewhereByName.set(d.name, d.documentUri.path);
        }
        for (const element of model.elements) {
            if (ast.isCompare(element) || !element.name) continue;
            const qn = qualifiedName(model.package, element.name);
            if (seen.has(qn)) {
                report('duplicate-name', `${qn} is defined twice in this file. / ${qn} staat twee keer in dit bestand.`, { node: element, property: 'name' });
                continue;
            }
            seen.add(qn);
            const elsewhere = elsewhereByName.get(qn);
            if (elsewhere !== undefined) {
                report('duplicate-name', `${qn} is also defined in ${elsewhere.split('/').pop()}. / ${qn} bestaat ook in een ander bestand.`, { node: element, property: 'name' });
            }
        }
        for (const imp of model.imports) {
            for (const entry of importedNames(imp)) {
                const found = 'packagePrefix' in entry
                    ? index.allElements().some((d) => d.name.startsWith(`${entry.packagePrefix}.`))
                    : index.allElements().some((d) => d.name === entry.qualified);
                if (!found) {
                    const what = 'packagePrefix' in entry ? `package ${entry.packagePrefix}` : entry.qualified;
                    report('unresolved-import', `Cannot find ${what} in the workspace. / ${what} bestaat niet in de werkmap.`, { node: imp, property: 'path' });
                }
            }
        }
    };

    /** Numbers outside their documented bounds (bounds.ts), quoted as written: 400 digits are Infinity as a number. */
    checkBounds = (node: AstNode, accept: ValidationAcceptor): void => {
        for (const o of outOfRange(node)) {
            reporter(accept)('out-of-range', `${o.written} is out of range for ${o.bound.en}: it lies between ${o.bound.min} and ${o.bound.max}.`
                + ` / ${o.written} valt buiten het bereik van ${o.bound.nl}: ${o.bound.min} tot en met ${o.bound.max}.`, { node: o.node, property: o.property });
        }
    };

    /** String literals with control characters (a NUL reached SQL as a stack) or longer than bounds.ts allows. */
    checkStrings = (model: ast.Model, accept: ValidationAcceptor): void => {
        for (const s of badStrings(model)) {
            reporter(accept)('invalid-string', `Invalid string: ${s.en}. / Ongeldige tekst: ${s.nl}.`, { node: model, range: s.range });
        }
    };

    checkIndicator = (indicator: ast.Indicator, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        if (measureOf(indicator)?.classified) {
            this.checkClassifiedIndicator(indicator, report);
            return;
        }
        this.checkPlacement(indicator.clauses, INDICATOR_CLAUSES, 'an indicator', report);
        this.checkDuplicates(indicator.clauses, report);
        const cohort = indicator.clauses.find(ast.isCohortRefClause)?.cohort?.ref;
        this.checkHistoryBreakdown(indicator, cohort, report);
        const measure = measureOf(indicator);
        if (cohort && measure?.measure) {
            const kind = cohortKind(cohort, cohort.convention?.ref ?? indicator.convention?.ref);
            const m = measure.measure as MeasureName;
            if (!VALID_MEASURES[kind].includes(m)) {
                const shown = kind === 'deregistration' ? 'leaving-without-diploma' : kind;
                report('invalid-measure-for-kind', `measure ${m} is not defined for a${kind === 'entering' || kind === 'enrolled' ? 'n' : ''} ${shown} cohort (valid: ${VALID_MEASURES[kind].join(', ')}). / maat ${m} bestaat niet voor een ${shown} cohort.`, { node: measure, property: 'measure' });
                return;
            }
            if (!this.checkDeregistrationClauses(indicator, kind, report)) return;
            // vsv and startersresultaat look one year on; jaarresultaat has its own period (SEMANTICS.md).
            const horizon = indicator.clauses.find(ast.isHorizonClause);
            if (horizon && ((m === 'vsv' || m === 'startersresultaat') && horizon.years !== 1 || m === 'jaarresultaat')) {
                report('fixed-horizon', m === 'jaarresultaat'
                    ? 'jaarresultaat covers P(y) .. P(y+1) - 1 day by definition: remove `after`. / jaarresultaat heeft een eigen periode.'
                    : `${m} is measured one year on by definition: write \`after 1 year\` or leave it out. / ${m} wordt altijd na één jaar gemeten.`, { node: horizon });
            }
        }
        const resolved = resolveIndicator(indicator);
        for (const problem of resolved.problems) {
            if (problem.code === 'out-of-range') continue; // reported where the number is written
            accept(problem.severity, problem.message, {
                node: problem.node, property: problem.property, code: problem.code,
                data: { code: problem.code, choice: problem.choice },
            } as DiagnosticInfo<AstNode>);
        }
        // The source named by `on` (the indicator's, else its cohort's) must map every record kind the definition
        // reads: plan refuses the same before any SQL (plan/needs.ts). Reported at the indicator's `on`, else at
        // its measure (the cohort's `on` may serve other indicators that need less).
        const on = indicator.clauses.find(ast.isOnSourceClause);
        const source = (on ?? cohort?.clauses.find(ast.isOnSourceClause))?.source?.ref;
        if (resolved.definition && source) {
            const spec = resolveSource(source);
            for (const missing of missingRecords(resolved.definition, spec)) {
                const where = on ? { node: on, property: 'source' as const } : measure ? { node: measure, property: 'measure' as const } : { node: indicator, property: 'name' as const };
                report(missing.severity === 'error' ? 'missing-record-kind' : 'missing-diplomas',
                    missingRecordsMessage(indicator.name, source.name, missing), where as Omit<DiagnosticInfo<AstNode>, 'code'>);
            }
        }
    };

    /**
     * `by history S` and `by history.<field>`: one history per indicator, and a field needs a history to read (the
     * breakdown's own, else the cohort's filter, which a convention may set). Leaving cohorts have no single anchor to
     * leave out; a classified population has no enrollments.
     */
    private checkHistoryBreakdown(indicator: ast.Indicator, cohort: ast.Cohort | undefined, report: Report): void {
        const items = indicator.clauses.filter(ast.isByClause).flatMap((b) => b.items).filter(ast.isHistoryBy);
        if (items.length === 0) return;
        const written = (i: ast.HistoryBy) => i.$cstNode?.text.replace(/\s+/g, ' ') ?? 'history';
        for (const i of items) {
            if (i.sector !== undefined && !SECTORS.some((t) => t.code === i.sector)) {
                report('unknown-code', `'${i.sector}' is not a sector; expected one of: ${SECTORS.map((t) => t.code).join(', ')}. / '${i.sector}' is geen geldige code.`, { node: i, property: 'sector' });
            }
        }
        if (measureOf(indicator)?.classified) {
            for (const i of items) report('invalid-history', `\`by ${written(i)}\` reads earlier enrollments, but measure ${measureOf(indicator)?.measure} is classified by source: the publisher's population has none. / Een door de bron ingedeelde populatie heeft geen eerdere inschrijvingen.`, { node: i });
            return;
        }
        const conventions = [cohort?.convention?.ref, indicator.convention?.ref].filter((c): c is ast.Convention => !!c);
        const kind = cohort ? cohortKind(cohort, conventions[0]) : undefined;
        if (kind === 'leaving') {
            for (const i of items) report('invalid-history', `\`by ${written(i)}\`: a leaving cohort has no single anchor to read an earlier enrollment for. Use an entering, enrolled or graduating cohort. / Bij een cohort van vertrekkers kan dit niet.`, { node: i });
            return;
        }
        const own = items.filter((i) => i.sector !== undefined);
        const key = (i: ast.HistoryBy) => `${i.sector} ${i.within ?? ''}`;
        for (const other of own.slice(1)) {
            if (key(other) !== key(own[0])) {
                report('invalid-history', `An indicator breaks down by one history: \`by ${written(own[0])}\` and \`by ${written(other)}\` differ. / Eén geschiedenis per indicator.`, { node: other, property: 'sector' });
            }
        }
        if (own.length > 0) return;
        const filter = [cohort, ...conventions].some((c) => c?.clauses.some(ast.isHistoryClause));
        if (filter || !cohort) return;
        for (const i of items) {
            report('invalid-history', `\`by history.${i.field}\` reads a field of the person's earlier enrollment, but nothing says which: add \`history <sector>\` to cohort ${cohort.name} or \`by history <sector>\` to ${indicator.name}. / Zeg welke eerdere inschrijving: \`history <sector>\` in het cohort of \`by history <sector>\`.`, { node: i, property: 'field' });
        }
    }

    /**
     * `measure M classified by source`: the cohort is the publisher's population, so every clause that would choose it
     * from enrollment dates is an error (a figure that silently ignores a filter is a wrong figure); the indicator may
     * name no cohort, or one with only `years` and `on`. The source it names must hold a population and outcomes.
     */
    private checkClassifiedIndicator(indicator: ast.Indicator, report: Report): void {
        this.checkDuplicates(indicator.clauses, report);
        const measure = measureOf(indicator)!;
        const m = measure.measure as MeasureName;
        const why = (keyword: string) => `\`${keyword}\` chooses the cohort or its outcome from enrollment dates, but measure ${m} is classified by source: the publisher's population and outcomes are taken as they are. Remove it (to narrow the population, put \`where\` on \`population from\`).`
            + ` / \`${keyword}\` kiest het cohort uit inschrijvingsdatums, maar de uitgever heeft ${m} al ingedeeld: haal het weg.`;
        const keywordOf = (c: AstNode) => c.$cstNode?.text.split(/\s+/)[0] ?? c.$type;
        for (const clause of indicator.clauses) {
            if (!CLASSIFIED_CLAUSES.has(clause.$type)) report('classified-clause', why(keywordOf(clause)), { node: clause });
        }
        const cohortRef = indicator.clauses.find(ast.isCohortRefClause);
        const cohort = cohortRef?.cohort?.ref;
        if (cohortRef && cohort) {
            const bad = cohort.clauses.filter((c) => !ast.isYearsClause(c) && !ast.isOnSourceClause(c));
            if (bad.length > 0) {
                report('classified-clause', `cohort ${cohort.name} chooses its members from enrollments (${bad.map((c) => `\`${keywordOf(c)}\` line ${(c.$cstNode?.range.start.line ?? 0) + 1}`).join(', ')}), but measure ${m} is classified by source: name no cohort, or one with only \`years\` and \`on\`.`
                    + ` / cohort ${cohort.name} kiest uit inschrijvingen, maar de uitgever heeft ${m} al ingedeeld.`, { node: cohortRef, property: 'cohort' });
            }
        }
        const convention = indicator.convention?.ref;
        const conventionBad = convention?.clauses.filter((c) => !ast.isSuppressClause(c) && !ast.isCiteClause(c) && !ast.isMeasureClause(c)) ?? [];
        if (convention && conventionBad.length > 0) {
            report('classified-clause', `convention ${convention.name} makes choices about enrollments (${conventionBad.map(keywordOf).join(', ')}) that a measure classified by source cannot apply: leave out \`using ${convention.name}\`.`
                + ` / conventie ${convention.name} kiest uit inschrijvingen; dat kan niet bij een door de bron ingedeelde maat.`, { node: indicator, property: 'convention' });
        }
        if (!MEASURE_OUTCOMES[m]) {
            report('classified-source', `measure ${m} is a distribution over categories, not one outcome: it cannot be classified by source. / ${m} is een verdeling, geen uitkomst.`, { node: measure, property: 'measure' });
            return;
        }
        const source = indicator.clauses.find(ast.isOnSourceClause)?.source?.ref ?? cohort?.clauses.find(ast.isOnSourceClause)?.source?.ref;
        if (!source) return;
        const populations = source.members.filter(ast.isPopulation);
        const outcomes = source.members.filter(ast.isOutcomes);
        if (populations.length === 0 || outcomes.length === 0) {
            report('classified-source', `measure ${m} is classified by source, but source ${source.name} has ${populations.length === 0 ? 'no `population from <file> on <day> <month> <year> { ... }`' : 'no `outcomes from <file> { ... }`'}. / Bron ${source.name} heeft ${populations.length === 0 ? 'geen populatie' : 'geen uitkomsten'}.`, { node: measure, property: 'classified' });
            return;
        }
        const valid = MEASURE_OUTCOMES[m]!;
        const fields = outcomes.flatMap((o) => o.fields.filter((f) => normalizeField(f.field) === 'outcome'));
        const given = fields.flatMap((f) => outcomeCodes(f.value));
        // A bare column gives whatever the file holds: only its values in the data can say.
        const open = fields.some((f) => ast.isColumnValue(f.value) && !f.value.valueMap);
        if (!open && !given.includes(CLASSIFIED_MEASURED[m])) {
            report('invalid-outcome', `No outcomes mapping of source ${source.name} can give ${CLASSIFIED_MEASURED[m]}, the outcome measure ${m} counts (it gives: ${[...new Set(given)].join(', ') || 'none'}; valid: ${valid.join(', ')}). / Geen uitkomst ${CLASSIFIED_MEASURED[m]} in bron ${source.name}.`, { node: measure, property: 'measure' });
        }
        const foreign = [...new Set(given.filter((g) => !valid.includes(g)))];
        if (foreign.length > 0) {
            report('invalid-outcome', `Source ${source.name} classifies outcomes that measure ${m} does not have: ${foreign.join(', ')} (valid: ${valid.join(', ')}). / Uitkomsten die niet bij ${m} horen: ${foreign.join(', ')}.`, { node: measure, property: 'measure' });
        }
    }

    /** `population from` and `outcomes from`: the fields they need, their columns, and how they fit their source. */
    checkClassifiedMapping = (mapping: ast.Population | ast.Outcomes, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const population = ast.isPopulation(mapping);
        const seen = new Set<string>();
        for (const f of mapping.fields) {
            const name = normalizeField(f.field);
            if (!name || !f.value) continue;
            if (seen.has(name)) report('duplicate-field', `${name} is mapped twice. / ${name} staat er twee keer.`, { node: f, property: 'field' });
            seen.add(name);
            if (!population && name !== 'person' && name !== 'outcome') {
                report('unknown-field', `outcomes have the fields person and outcome, not '${name}' (the publisher's other columns are the population's to give). / Uitkomsten hebben alleen person en outcome.`, { node: f, property: 'field' });
            }
            if (ast.isPeriodValue(f.value) || ast.isYearPeriodValue(f.value) || ast.isSchoolYearValue(f.value)) {
                report('field-type', `${name}: a classified ${population ? 'population' : 'outcome'} reads no periods or years (no date of the file is used). / Geen periodes of jaren.`, { node: f, property: 'value' });
            }
        }
        for (const required of population ? ['person'] : ['person', 'outcome']) {
            if (!seen.has(required)) report('missing-field', `${population ? 'A population' : 'Outcomes'} need${population ? 's' : ''} a '${required}' field. / Veld '${required}' ontbreekt.`, { node: mapping, property: 'file' });
        }
        if (!population) {
            const known = new Set(Object.values(MEASURE_OUTCOMES).flat());
            for (const f of mapping.fields.filter((x) => normalizeField(x.field) === 'outcome')) {
                for (const code of outcomeCodes(f.value)) {
                    if (!known.has(code)) report('invalid-outcome', `'${code}' is no outcome of any measure; expected one of: ${[...known].join(', ')}. / Onbekende uitkomst.`, { node: f, property: 'value' });
                }
            }
        }
        this.checkPeildatum(mapping as unknown as ast.PeildatumClause, accept);
        if (mapping.where) this.checkCondition(mapping.where, report);
        this.checkColumns(mapping, report);
        this.checkIdentifierAttributes(mapping, 'persons', report);
        const source = mapping.$container;
        const populations = source.members.filter(ast.isPopulation);
        const start = source.members.find(ast.isStudyYearStartClause);
        const studyYearStart = start ? { month: MONTH_NAMES.indexOf(start.month) + 1, day: start.day } : { month: 9, day: 1 };
        if (population) {
            const first = populations[0];
            if (first !== mapping && (first.day !== mapping.day || first.month !== mapping.month)) {
                report('classified-source', `All populations of a source are counted on one peildatum (${first.day} ${first.month}); this one is on ${mapping.day} ${mapping.month}. / Alle populaties van een bron hebben dezelfde peildatum.`, { node: mapping, property: 'month' });
            }
            const year = classifiedYear(mapping.day, mapping.month, mapping.year, studyYearStart);
            const earlier = populations.slice(0, populations.indexOf(mapping)).find((p) => classifiedYear(p.day, p.month, p.year, studyYearStart) === year);
            if (earlier) report('duplicate-mapping', `Cohort ${year} already has a population (line ${(earlier.$cstNode?.range.start.line ?? 0) + 1}): one population per cohort year. / Cohort ${year} heeft al een populatie.`, { node: mapping, property: 'year' });
        } else if (mapping.month) {
            if (!populations.some((p) => p.day === mapping.day && p.month === mapping.month && p.year === mapping.year)) {
                report('classified-source', `No population of source ${source.name} is on ${mapping.day} ${mapping.month} ${mapping.year}: \`on\` names the population these outcomes belong to. / Geen populatie op die datum.`, { node: mapping, property: 'year' });
            }
        } else if (populations.length > 1) {
            report('classified-source', `Source ${source.name} has ${populations.length} populations: say which one these outcomes belong to (\`outcomes from ${mapping.file?.$refText ?? 'F'} on ${populations[0].day} ${populations[0].month} ${populations[0].year} { ... }\`). / Zeg bij welke populatie deze uitkomsten horen.`, { node: mapping, property: 'file' });
        }
    };

    checkCohort = (cohort: ast.Cohort, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        this.checkPlacement(cohort.clauses, COHORT_CLAUSES, 'a cohort', report);
        this.checkDuplicates(cohort.clauses, report);
        this.checkEntryChoices(cohort, report);
        const kind = cohortKind(cohort, cohort.convention?.ref);
        if (kind !== 'deregistration') {
            for (const clause of cohort.clauses.filter((c) => ast.isLeaveReasonClause(c) || ast.isFirstYearClause(c))) {
                report('deregistration-only', `\`${ast.isLeaveReasonClause(clause) ? 'leave reason' : 'first year only'}\` selects de-registrations: it belongs to a cohort of \`kind leaving without diploma\`. / Hoort bij een cohort van uitschrijvingen (\`kind leaving without diploma\`).`, { node: clause });
            }
        }
    };

    /**
     * De-registrations (`kind leaving without diploma`): the horizon counts months, `by leave reason` / `by leave timing`
     * need such a cohort, and the leave reasons a cohort filters on must be values the source's map gives. False when
     * the definition cannot be resolved sensibly (the problem is reported).
     */
    private checkDeregistrationClauses(indicator: ast.Indicator, kind: CohortKind, report: Report): boolean {
        const horizon = indicator.clauses.find(ast.isHorizonClause);
        const dereg = kind === 'deregistration';
        let ok = true;
        if (horizon && dereg && horizon.months === undefined && horizon.years !== undefined) {
            report('horizon-unit', `De-registrations are followed from the day each enrollment ended: write the horizon in months (\`after ${horizon.years * 12} months\`). / Uitschrijvingen volg je vanaf de dag van uitschrijving: schrijf het meetmoment in maanden.`, { node: horizon });
            ok = false;
        }
        if (horizon && !dereg && horizon.months !== undefined) {
            report('horizon-unit', `\`after N months\` is the horizon of de-registrations (\`kind leaving without diploma\`); this cohort counts years from its peildatum (\`after N years\`). / Alleen uitschrijvingen hebben een meetmoment in maanden.`, { node: horizon });
            ok = false;
        }
        if (!dereg) {
            for (const by of indicator.clauses.filter(ast.isByClause)) {
                for (const name of breakdownNames([by])) {
                    if (name === 'leave reason' || name === 'leave timing') {
                        report('deregistration-only', `\`by ${name}\` splits de-registrations: it needs a cohort of \`kind leaving without diploma\`. / \`by ${name}\` hoort bij een cohort van uitschrijvingen.`, { node: by });
                    }
                }
            }
        }
        const cohort = indicator.clauses.find(ast.isCohortRefClause)?.cohort?.ref;
        const reasons = cohort?.clauses.find(ast.isLeaveReasonClause) ?? cohort?.convention?.ref?.clauses.find(ast.isLeaveReasonClause);
        const source = (indicator.clauses.find(ast.isOnSourceClause) ?? cohort?.clauses.find(ast.isOnSourceClause))?.source?.ref;
        if (dereg && reasons && source) {
            const values = leaveReasonValues(source);
            if (values) {
                for (const r of reasons.reasons) {
                    if (!values.includes(r)) {
                        report('unknown-leave-reason', `Source ${source.name}'s leave reason map gives no '${r}' (it gives: ${values.join(', ')}): no de-registration would pass this filter. / Bron ${source.name} kent geen reden '${r}' (wel: ${values.join(', ')}).`, { node: indicator.clauses.find(ast.isOnSourceClause) ?? indicator, property: indicator.clauses.some(ast.isOnSourceClause) ? 'source' : 'name' } as Omit<DiagnosticInfo<AstNode>, 'code'>);
                    }
                }
            }
        }
        return ok;
    }

    /** `entry flag` and `main anchor only` with the clauses they cannot go with (the cohort's and its convention's). */
    private checkEntryChoices(cohort: ast.Cohort, report: Report): void {
        const clauses = [...cohort.clauses, ...(cohort.convention?.ref?.clauses ?? [])];
        const own = (c: ast.Clause) => cohort.clauses.includes(c);
        const flag = clauses.find(ast.isEntryFlagClause);
        const kind = cohortKind(cohort, cohort.convention?.ref);
        if (flag && own(flag) && kind !== 'entering') {
            report('entry-flag-kind', `\`entry flag\` says who enters a cohort: it belongs to an entering cohort, not a${kind === 'enrolled' ? 'n' : ''} ${kind} one. / \`entry flag\` hoort bij een instroomcohort, niet bij een ${kind} cohort.`, { node: flag });
        }
        const lookback = clauses.find(ast.isLookbackClause);
        if (flag && lookback && kind === 'entering') {
            report('lookback-ignored', `With \`entry flag\` the file's flag says who is new: no earlier reference date is read, so this lookback changes nothing; remove it. / Met \`entry flag\` zegt het bestand wie nieuw is: de terugkijkperiode doet niets.`, { node: own(lookback) ? lookback : flag });
        }
        const anchor = clauses.find(ast.isMainAnchorClause);
        const main = clauses.find(ast.isMainOnlyClause);
        if (anchor && main && (main.only || main.value === 'yes')) {
            report('contradicting-choices', `\`main anchor only\` lets history and status read secondary enrollments; \`main enrollments only\` leaves them out everywhere: keep one. / \`main anchor only\` en \`main enrollments only\` spreken elkaar tegen: houd er één.`, { node: own(anchor) ? anchor : main });
        }
    }

    checkConvention = (convention: ast.Convention, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        this.checkPlacement(convention.clauses, CONVENTION_CLAUSES, 'a convention', report);
        this.checkDuplicates(convention.clauses, report);
    };

    private checkPlacement(clauses: readonly ast.Clause[], allowed: Set<string>, where: string, report: Report): void {
        for (const clause of clauses) {
            if (!allowed.has(clause.$type)) {
                const keyword = clause.$cstNode?.text.split(/\s+/)[0] ?? clause.$type;
                report('clause-not-allowed', `\`${keyword}\` does not belong in ${where}. / \`${keyword}\` hoort niet in ${where.replace('an indicator', 'een indicator').replace('a cohort', 'een cohort').replace('a convention', 'een conventie')}.`, { node: clause });
            }
        }
    }

    private checkDuplicates(clauses: readonly ast.Clause[], report: Report): void {
        const seen = new Set<string>();
        for (const clause of clauses) {
            if (ast.isByClause(clause) || ast.isCiteClause(clause)) continue;
            if (seen.has(clause.$type)) {
                report('duplicate-clause', `This choice is already set above; keep one. / Deze keuze staat er al.`, { node: clause });
            }
            seen.add(clause.$type);
        }
    }

    /** Runs the example on the reference evaluator: a failing expectation is an error on its own line. */
    checkExample = async (example: ast.Example, accept: ValidationAcceptor): Promise<void> => {
        const report = reporter(accept);
        const seen = new Set<string>();
        for (const p of example.members.filter(ast.isExamplePerson)) {
            if (seen.has(p.name)) report('duplicate-name', `Person ${p.name} appears twice in this example. / Persoon ${p.name} staat er twee keer.`, { node: p, property: 'name' });
            seen.add(p.name);
        }
        // An example holding a number out of range is not run: the number is reported where it is written.
        if (hasOutOfRange(example)) return;
        const result = await checkOnEvaluator(example);
        if (result.error) {
            report('example-error', `Example cannot be checked: ${result.error}. / Voorbeeld kan niet worden gecontroleerd.`, { node: example, property: 'name' });
        }
        for (const r of result.expectations) {
            if (!r.ok) report('example-failed', `Expected ${r.expected}, got ${r.got} (reference evaluator). / Verwacht ${r.expected}, uitkomst ${r.got}.`, { node: r.expectation });
        }
    };

    checkPriorEvent = (event: ast.PriorEvent, accept: ValidationAcceptor): void => {
        if (event.from !== undefined && event.to !== undefined && event.to !== event.from + 1) {
            reporter(accept)('invalid-date', `A school year runs from one year to the next: ${event.from}/${event.from + 1}. / Een schooljaar loopt van ${event.from} tot ${event.from + 1}.`, { node: event, property: 'to' });
        }
        if (event.category && !PRIOR_CATEGORIES.some((t) => t.code === event.category)) {
            reporter(accept)('unknown-code', `'${event.category}' is not a prior-education category; expected one of: ${PRIOR_CATEGORIES.map((t) => t.code).join(', ')}.`, { node: event, property: 'category' });
        }
    };

    /** Every string literal of the file (a comment is not one): a password in it would be committed and shared. */
    checkSecrets = (model: ast.Model, accept: ValidationAcceptor): void => {
        if (!model.$cstNode) return;
        const report = reporter(accept);
        for (const leaf of CstUtils.streamCst(model.$cstNode)) {
            if (!isLeafCstNode(leaf) || leaf.hidden || leaf.tokenType.name !== 'STRING' || !containsPassword(leaf.text)) continue;
            report('password-in-definition', 'This string holds a password: definitions are shared, so keep secrets out of them;'
                + ' give the connection in STROOM_DATABASE_URL (or --db) or the editor\'s secret storage. /'
                + ' Deze tekst bevat een wachtwoord: definities worden gedeeld, dus geen geheimen erin;'
                + ' geef de verbinding in STROOM_DATABASE_URL (of --db) of de geheime opslag van de editor.', { node: model, range: leaf.range });
        }
    };

    /**
     * `suppress below N`: below 2 hides nothing, so it is refused (like `"suppression": 1` in stroom.json) rather than
     * switching protection off; 2 to 4 is weaker than the usual 5. Person rows are `run --records`, not a threshold.
     */
    checkSuppress = (clause: ast.SuppressClause, accept: ValidationAcceptor): void => {
        const n = clause.threshold;
        if (n < 2) {
            reporter(accept)('invalid-suppression', `suppress below ${n} would show every small count: the threshold is at least 2 (the default is ${DEFAULT_SUPPRESSION}). To see person rows, use \`stroom run --records\`.`
                + ` / suppress below ${n} zou elk klein aantal tonen: de drempel is minstens 2 (standaard ${DEFAULT_SUPPRESSION}). Voor persoonsregels: \`stroom run --records\`.`, { node: clause, property: 'threshold' });
        } else if (n < DEFAULT_SUPPRESSION) {
            reporter(accept)('weak-config', `suppress below ${n} shows counts of ${n} and more, weaker than the usual ${DEFAULT_SUPPRESSION}; make sure your agreements allow it.`
                + ` / suppress below ${n} toont aantallen vanaf ${n}, zwakker dan de gebruikelijke ${DEFAULT_SUPPRESSION}; ga na of je afspraken dat toestaan.`, { node: clause, property: 'threshold' });
        }
    };

    checkPeildatum = (clause: ast.PeildatumClause | ast.StudyYearStartClause | ast.YearPeriodValue, accept: ValidationAcceptor): void => {
        // A day outside 1..31 is out-of-range (checkBounds); this check is for days a month does not have.
        if (clause.day === undefined || !clause.month || outOfRange(clause).length > 0) return;
        const month = MONTH_NAMES.indexOf(clause.month);
        if (month === 1 && clause.day === 29) {
            reporter(accept)('invalid-date', '29 February is not a valid peildatum: it does not occur every year. / 29 februari kan geen peildatum zijn.', { node: clause, property: 'day' });
        } else if (clause.day < 1 || clause.day > DAYS_IN_MONTH[month]) {
            reporter(accept)('invalid-date', `${clause.month} has no day ${clause.day}. / ${clause.month} heeft geen dag ${clause.day}.`, { node: clause, property: 'day' });
        }
    };

    checkYears = (clause: ast.YearsClause, accept: ValidationAcceptor): void => {
        if (clause.to !== undefined && clause.to < clause.from) {
            reporter(accept)('invalid-date', `The year range ${clause.from}..${clause.to} is empty. / Lege reeks jaren.`, { node: clause, property: 'to' });
        }
    };

    checkObserved = (clause: ast.ObservedClause, accept: ValidationAcceptor): void => {
        if (!clause.from || !clause.until) return;
        for (const prop of ['from', 'until'] as const) {
            if (!isRealDate(clause[prop])) reporter(accept)('invalid-date', `${clause[prop]} is not a date. / Geen bestaande datum.`, { node: clause, property: prop });
        }
        if (clause.from > clause.until) {
            reporter(accept)('invalid-date', `The observation window ends before it starts. / Het waarnemingsvenster eindigt voor het begint.`, { node: clause, property: 'until' });
        }
    };

    checkCodes = (clause: ast.Clause, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const check = (values: readonly string[], vocabulary: readonly Term[], what: string, property: string) => {
            values.forEach((v, index) => {
                if (!vocabulary.some((t) => t.code === v)) {
                    report('unknown-code', `'${v}' is not a ${what}; expected one of: ${vocabulary.map((t) => t.code).join(', ')}. / '${v}' is geen geldige code.`, { node: clause, property, index });
                }
            });
        };
        if (ast.isEntryClause(clause) || ast.isSectorClause(clause) || ast.isSwitchDomainClause(clause)) check(clause.sectors, SECTORS, 'sector', 'sectors');
        else if (ast.isInflowClause(clause)) check(clause.sectors, SECTORS, 'sector', 'sectors');
        else if (ast.isHistoryClause(clause)) check(clause.sector ? [clause.sector] : [], SECTORS, 'sector', 'sector');
        else if (ast.isModeClause(clause)) check(clause.modes, MODES, 'mode', 'modes');
        else if (ast.isLevelClause(clause)) check(clause.levels, LEVELS, 'level', 'levels');
        else if (ast.isPriorClause(clause)) check(clause.categories, PRIOR_CATEGORIES, 'prior-education category', 'categories');
        else if (ast.isDiplomaClause(clause)) check(clause.kinds, DIPLOMA_KINDS, 'diploma kind', 'kinds');
    };

    checkSource = (source: ast.Source, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const seen = new Set<string>();
        const mappings = source.members.filter(ast.isMapping);
        for (const m of mappings) {
            const record = normalizeField(m.record);
            if (seen.has(record)) report('duplicate-mapping', `${record} are mapped twice in ${source.name}. / ${record} dubbel gekoppeld.`, { node: m, property: 'record' });
            seen.add(record);
        }
        if (seen.has('norms') && seen.size > 1) {
            report('invalid-norm', `Source ${source.name} maps norms and other records: keep published norms in a source of their own. / Houd normen in een eigen bron.`, { node: source, property: 'name' });
        } else if (seen.has('figures') && seen.size > 1) {
            report('published-source', `Source ${source.name} maps published figures and person records: keep published figures in a source of their own. / Houd gepubliceerde cijfers in een eigen bron.`, { node: source, property: 'name' });
        } else if (!seen.has('enrollments') && !seen.has('figures') && !seen.has('norms') && !source.members.some(ast.isPopulation)) {
            report('missing-mapping', `Source ${source.name} maps no enrollments: add \`enrollments from <file> { ... }\`. / Bron ${source.name} koppelt geen inschrijvingen.`, { node: source, property: 'name' });
        }
        for (const file of source.members.filter(ast.isDataFile)) {
            if (!file.path) continue;
            const spec = dataFileSpec(file);
            if (spec.refused) {
                report(spec.refused.code as DiagnosticCode, spec.refused.message, { node: file, property: spec.refused.property });
                continue;
            }
            if (file.format === 'table') continue;
            this.checkLayout(file, spec, report);
            if (spec.format === 'csv' && csvHeaderTooLong(spec.path, spec.delimiter)) {
                report('too-large', `The first line of ${spec.written} is longer than ${MAX_HEADER_BYTES / 1024} KB: that is no CSV header; its columns are not checked. / De eerste regel is langer dan 64 KB: geen kopregel.`, { node: file, property: 'path' });
            }
            if (AstUtils.getDocument(file).uri.scheme === 'file' && matchingFiles(spec.path).length === 0) {
                report('data-file-missing', `Data file ${spec.written} is not there (looked at ${spec.path}${isPattern(spec.path) ? ': no file matches' : ''}). / Databestand ontbreekt.`, { node: file, property: 'path' });
            }
        }
    };

    checkOnSource = (clause: ast.OnSourceClause, accept: ValidationAcceptor): void => {
        const source = clause.source?.ref;
        if (source?.members.some((m) => ast.isMapping(m) && ['figures', 'norms'].includes(normalizeField(m.record)))) {
            reporter(accept)('published-source', `${source.name} holds published figures, not persons: an indicator cannot be computed on it (compare against it instead). / ${source.name} bevat gepubliceerde cijfers, geen personen.`, { node: clause, property: 'source' });
        }
    };

    /** `norm from X`: X maps norms, and the norms' breakdown fields are ones the indicator breaks down by. */
    checkNormClause = (clause: ast.NormClause, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const source = clause.source?.ref;
        if (!source) return;
        const mapping = source.members.filter(ast.isMapping).find((m) => normalizeField(m.record) === 'norms');
        if (!mapping) {
            report('invalid-norm', `${source.name} maps no norms: \`norm from\` names a source with \`norms from <file> { year = ... norm = ... }\`. / ${source.name} bevat geen normen.`, { node: clause, property: 'source' });
            return;
        }
        const indicator = AstUtils.getContainerOfType(clause, ast.isIndicator);
        if (!indicator) return;
        const by = new Set(breakdownNames(indicator.clauses.filter(ast.isByClause)));
        const missing = mapping.fields.map((f) => normalizeField(f.field)).filter((f) => f && !['year', 'norm'].includes(f) && !by.has(f));
        if (missing.length > 0) {
            report('norm-unmatched', `The norms of ${source.name} are per ${missing.join(', ')}, but ${indicator.name} is not broken down by ${missing.length === 1 ? 'it' : 'them'}: no norm applies to its figures. Add \`by ${missing.join(', ')}\`. / De normen gelden per ${missing.join(', ')}; de indicator splitst daar niet naar uit, dus geen norm past.`, { node: clause, property: 'source' });
        }
    };

    checkCompare = (node: ast.Compare, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        if (node.sides.length !== 2) {
            report('invalid-compare', `A comparison has two sides, this one has ${node.sides.length}: \`compare "..." { A, B }\`. / Een vergelijking heeft twee kanten.`, { node, property: 'sides' });
            return;
        }
        const [a, b] = node.sides;
        const published = (s: ast.Source | undefined) => !!s?.members.some((m) => ast.isMapping(m) && normalizeField(m.record) === 'figures');
        if (a.target?.ref && !ast.isIndicator(a.target.ref)) {
            report('invalid-compare', `The first side of a comparison is an indicator; ${a.target.ref.$type.toLowerCase()} ${(a.target.ref as { name?: string }).name ?? ''} is not. / De eerste kant is een indicator.`, { node: a, property: 'target' });
        }
        const t = b.target?.ref;
        if (t && !ast.isIndicator(t) && !ast.isSource(t)) {
            report('invalid-compare', `The second side is an indicator, a source or a source of published figures; ${t.$type.toLowerCase()} ${(t as { name?: string }).name ?? ''} is none of these. / De tweede kant is een indicator of een bron.`, { node: b, property: 'target' });
        }
        if (ast.isSource(t) && b.source) report('invalid-compare', `A source side takes no \`on\`: it is the source. / Een bron heeft geen \`on\`.`, { node: b, property: 'source' });
        for (const side of [a, b]) {
            if (published(side.source?.ref)) {
                report('published-source', `${side.source!.ref!.name} holds published figures, not persons: put it as the second side to compare against it. / Gepubliceerde cijfers horen aan de tweede kant.`, { node: side, property: 'source' });
            }
        }
    };

    checkDecodeTable = (table: ast.DecodeTable, accept: ValidationAcceptor): void => {
        const file = table.file?.ref;
        if (!file || !file.path) return;
        const header = this.columnsOf(dataFileSpec(file));
        if (!header) return;
        const report = reporter(accept);
        for (const property of ['code', 'label'] as const) {
            const column = unquote(table[property]);
            if (column && !header.includes(column)) {
                report('unknown-column', `${unquote(file.path)} has no column '${cut(column)}'; its columns: ${nameList(header)}. / Kolom '${cut(column)}' bestaat niet.`, { node: table, property });
            }
        }
    };

    /** The columns of a data file as far as the editor can know them (CSV header, layout); undefined otherwise. */
    private columnsOf(spec: DataFileSpec, recordType?: string, join?: string): string[] | undefined {
        if (spec.refused) return undefined;
        if (spec.format === 'csv') return readCsvHeader(spec.path, spec.delimiter);
        if (spec.format === 'fixed width') return spec.layout?.fields.map((f) => f.name);
        if (spec.format === 'records' && spec.records && recordType) {
            const own = recordColumns(spec.records, recordType);
            if (!own) return undefined;
            return [...own, ...(join ? spec.records.types[join] ?? [] : [])];
        }
        return undefined;
    }

    /** A fixed-width file needs a readable layout without overlaps or gaps; other files need none. */
    private checkLayout(file: ast.DataFile, spec: DataFileSpec, report: Report): void {
        if (spec.format !== 'fixed width' && spec.format !== 'records') {
            if (file.layout) report('invalid-layout', `Only a fixed-width or records file has a layout. / Alleen een bestand met vaste breedte of met recordsoorten heeft een lay-out.`, { node: file, property: 'layout' });
            return;
        }
        const records = spec.format === 'records';
        if (!file.layout) {
            report('invalid-layout', records
                ? `A records file needs its layout: add \`layout "file.layout"\` (lines \`TYPE: field, field, ...\`). / Geef de lay-out op.`
                : `A fixed-width file needs its layout: add \`layout "file.layout"\` (lines \`name start width\`). / Geef de lay-out op.`, { node: file, property: 'format' });
            return;
        }
        const layoutPath = spec.records?.path ?? spec.layout?.path ?? path.resolve(path.dirname(AstUtils.getDocument(file).uri.fsPath), unquote(file.layout));
        const layout = records ? readRecordsLayout(layoutPath) : readLayout(layoutPath);
        if (layout?.tooLarge) {
            report('too-large', `Layout ${unquote(file.layout)} holds more than ${MAX_LAYOUT_BYTES / 1024 / 1024} MB: a layout is a few kilobytes; nothing of it was read. / Lay-out groter dan 1 MB; niet gelezen.`, { node: file, property: 'layout' });
            return;
        }
        if (!layout) {
            report('invalid-layout', `Cannot read layout ${unquote(file.layout)} (looked at ${layoutPath}). / Lay-out niet leesbaar.`, { node: file, property: 'layout' });
            return;
        }
        for (const p of layout.problems) {
            report('invalid-layout', `${unquote(file.layout)} line ${p.line}: ${p.message}. / Fout in de lay-out.`, { node: file, property: 'layout' });
        }
    }

    /**
     * An attribute read from the person key's own column would give every person a group of their own: a breakdown by
     * it lists persons, not groups. A value map is allowed (it groups the values into a few codes).
     */
    private checkIdentifierAttributes(mapping: ast.Mapping | ast.Population | ast.Outcomes, record: RecordKind, report: Report): void {
        if (record === 'figures' || record === 'norms') return;
        const columnsOf = (v: ast.ValueExpr | undefined) => (ast.isColumnValue(v) ? [v.column, ...v.alternatives].map(unquote) : []);
        const keyColumns = new Set(mapping.fields.filter((f) => normalizeField(f.field) === 'person').flatMap((f) => columnsOf(f.value)));
        if (keyColumns.size === 0) return;
        for (const f of mapping.fields) {
            const name = normalizeField(f.field);
            if (name === 'person' || !ast.isColumnValue(f.value) || f.value.valueMap) continue;
            const shared = columnsOf(f.value).find((c) => keyColumns.has(c));
            if (shared === undefined) continue;
            report('identifier-attribute', `${name} is read from '${shared}', the column of the person key: a breakdown by it would list every person. Map it to a few groups with \`map { ... }\`, or leave it out. / ${name} komt uit de kolom van de persoonssleutel: een uitsplitsing ernaar toont elke persoon.`, { node: f, property: 'value' });
        }
    }

    checkMapping = (mapping: ast.Mapping, accept: ValidationAcceptor): void => {
        const report = reporter(accept);
        const record = normalizeField(mapping.record) as RecordKind;
        const specs = RECORD_FIELDS[record];
        if (!specs) return;
        const seen = new Set<string>();
        for (const f of mapping.fields) {
            const name = normalizeField(f.field);
            if (!name || !f.value) continue;
            if (seen.has(name)) report('duplicate-field', `${name} is mapped twice. / ${name} staat er twee keer.`, { node: f, property: 'field' });
            seen.add(name);
            const spec = specs.find((s) => s.name === name);
            if (!spec) {
                // Persons and enrollments take any further attribute (an enrollment's for `by history.<field>`).
                if (record !== 'persons' && record !== 'enrollments' && record !== 'figures' && record !== 'norms') {
                    report('unknown-field', `${record} have no field '${name}'; fields: ${specs.map((s) => s.name).join(', ')}. / Onbekend veld.`, { node: f, property: 'field' });
                }
                continue;
            }
            const v = f.value;
            if (ast.isDateValue(v) && spec.type !== 'date') report('field-type', `date(...) makes a date, but ${name} is not a date. / ${name} is geen datum.`, { node: f, property: 'value' });
            const yearOnly = ast.isPeriodValue(v) || ast.isYearPeriodValue(v);
            if (yearOnly && !(record === 'diplomas' && name === 'date')) report('field-type', `A period or year-only date fits only the 'date' of diplomas. / Alleen voor de datum van diploma's.`, { node: f, property: 'value' });
            if (ast.isConstantValue(v)) this.checkConstant(v, name, spec.type, report);
            else if (spec.type === 'date' && !ast.isDateValue(v) && !(yearOnly && record === 'diplomas')) report('field-type', `${name} is a date: write date(column, "yyyyMMdd") with the file's format. / ${name} is een datum: gebruik date(kolom, "formaat").`, { node: f, property: 'value' });
            if (spec.type === 'school year' && !ast.isSchoolYearValue(v) && !ast.isConstantValue(v)) report('field-type', `${name} needs its year convention: write \`school year starting <column>\` ("2003" = 2003/2004). / Schrijf \`school year starting <kolom>\`.`, { node: f, property: 'value' });
            if (ast.isSchoolYearValue(v) && spec.type !== 'school year' && spec.type !== 'year') report('field-type', `school year starting ... only fits 'diploma year' of prior education. / Alleen voor het diplomajaar van de vooropleiding.`, { node: f, property: 'value' });
            const codes = codesFor(spec.type);
            if (codes && ast.isColumnValue(v) && v.valueMap) {
                for (const entry of v.valueMap.entries) {
                    if (entry.value && !codes.some((t) => t.code === entry.value)) {
                        report('unknown-code', `'${entry.value}' is not a ${spec.type} code; expected one of: ${codes.map((t) => t.code).join(', ')}. / Ongeldige code.`, { node: entry, property: 'value' });
                    }
                }
            }
            // A flag's constant is checked as a boolean (checkConstant), not as a code.
            if (codes && ast.isConstantValue(v) && spec.type !== 'boolean' && v.value !== undefined && !codes.some((t) => t.code === v.value)) {
                report('unknown-code', `'${v.value}' is not a ${spec.type} code; expected one of: ${codes.map((t) => t.code).join(', ')}. / Ongeldige code.`, { node: v, property: 'value' });
            }
        }
        for (const f of mapping.fields) {
            if (f.perMille && !(record === 'norms' && normalizeField(f.field) === 'norm')) {
                report('invalid-norm', `Only the 'norm' of a norms mapping can be \`per mille\`. / Alleen de norm van normen kan per mille zijn.`, { node: f, property: 'perMille' });
            }
        }
        this.checkIdentifierAttributes(mapping, record, report);
        for (const spec of specs.filter((s) => s.required)) {
            if (!seen.has(spec.name)) report('missing-field', `${record} need a '${spec.name}' field. / Veld '${spec.name}' ontbreekt.`, { node: mapping, property: 'record' });
        }
        if (record === 'figures' && !['count', 'rate'].some((f) => seen.has(f))) {
            report('missing-field', `Published figures need a 'count' or a 'rate' field. / Gepubliceerde cijfers vragen 'count' of 'rate'.`, { node: mapping, property: 'record' });
        }
        for (const f of mapping.fields) {
            const v = f.value;
            if (!ast.isColumnValue(v) || !v.decode) continue;
            const spec = specs.find((s) => s.name === normalizeField(f.field));
            if (v.alternatives.length > 0) report('field-type', `decode reads one column; \`or\` cannot be combined with it. / decode leest één kolom.`, { node: v, property: 'decode' });
            if (spec && codesFor(spec.type) && !v.valueMap) {
                report('decode-needs-map', `${spec.name} takes ${spec.type} codes, but ${v.decode.ref?.name ?? 'the decode table'} gives labels: add \`map { "label": code, ... }\`. / Voeg een map toe van omschrijving naar code.`, { node: v, property: 'decode' });
            }
        }
        if (mapping.where) this.checkCondition(mapping.where, report);
        this.checkRecordType(mapping, report);
        this.checkColumns(mapping, report);
    };

    /** Each comparison of a row filter: a date is compared through `date(column, format)`, a number on a plain column. */
    private checkCondition(where: ast.Condition, report: Report): void {
        for (const cmp of AstUtils.streamAst(where).filter(ast.isComparison)) {
            const dated = cmp.dateColumn !== undefined;
            if (cmp.date !== undefined && !dated) {
                report('invalid-condition', `A date is compared with a date column: write \`date(${cmp.column ?? 'column'}, "yyyyMMdd") ${cmp.operator} ${cmp.date}\` with the file's format. / Vergelijk een datum via date(kolom, "formaat").`, { node: cmp, property: 'date' });
            } else if (dated && cmp.date === undefined) {
                const what = cmp.number !== undefined ? 'a number' : cmp.missing ? '`is missing`' : 'codes';
                const wat = cmp.number !== undefined ? 'een getal' : cmp.missing ? '`is missing`' : 'codes';
                report('invalid-condition', `date(...) reads a date, to compare with <, <=, > or >= and a date (2022-10-01), not with ${what}; for ${what}, name the column alone. / date(...) vergelijk je met een datum, niet met ${wat}.`, { node: cmp, property: 'dateColumn' });
            } else if (cmp.date !== undefined && !isRealDate(cmp.date)) {
                report('invalid-date', `${cmp.date} is not a date. / Geen bestaande datum.`, { node: cmp, property: 'date' });
            }
        }
    }

    /**
     * A constant's type must be its field's: a date for a date, a number for a year or a count, true / false for a
     * flag, a code (or a number, as text) for the rest.
     */
    private checkConstant(v: ast.ConstantValue, name: string, type: FieldType, report: Report): void {
        const given = constantValue(v);
        if (given.kind !== 'constant') return;
        const wanted = type === 'date' ? 'date' : type === 'school year' || type === 'year' || type === 'number' ? 'number'
            : type === 'boolean' ? 'boolean' : 'code';
        if (given.type === wanted || (wanted === 'code' && given.type === 'number')) return;
        if (given.type === 'date' && !isRealDate(given.value)) {
            report('invalid-date', `${given.value} is not a date. / Geen bestaande datum.`, { node: v, property: 'date' });
        }
        const example = { date: 'constant 2022-10-01', number: 'constant 2022', boolean: 'constant true (or false)', code: 'constant <code>' }[wanted];
        const en = { date: 'a date', number: 'a number', boolean: 'true or false', code: 'a code' };
        const nl = { date: 'een datum', number: 'een getal', boolean: 'true of false', code: 'een code' };
        report('constant-type', `${name} takes ${en[wanted]}, not ${en[given.type]}: write \`${example}\`. / ${name} vraagt ${nl[wanted]}, niet ${nl[given.type]}.`,
            { node: v, property: given.type === 'date' ? 'date' : given.type === 'number' ? 'number' : 'value' });
    }

    /** Columns named in a mapping must exist in the CSV file's header (read once per file version). */
    /** A records file is read one record type at a time: the mapping names a type (and a join) its layout has. */
    private checkRecordType(mapping: ast.Mapping, report: Report): void {
        const file = mapping.file?.ref;
        if (!file || !file.path) return;
        const spec = dataFileSpec(file);
        if (spec.format !== 'records') {
            if (mapping.recordType) report('unknown-record-type', `Only a records file has record types; ${spec.written} is ${spec.format}. / Alleen een bestand met recordsoorten.`, { node: mapping, property: 'recordType' });
            return;
        }
        if (!mapping.recordType) {
            report('unknown-record-type', `${spec.written} holds several record types: name one (\`from ${file.name} record TYPE\`)${spec.records ? `; its types: ${nameList(Object.keys(spec.records.types))}` : ''}. / Noem de recordsoort.`, { node: mapping, property: 'file' });
            return;
        }
        const types = spec.records?.types;
        if (!types) return;
        for (const [property, type] of [['recordType', mapping.recordType], ['joinType', mapping.joinType]] as const) {
            if (type && !types[unquote(type)]) {
                report('unknown-record-type', `The layout of ${spec.written} has no record type ${cut(unquote(type))}; its types: ${nameList(Object.keys(types))}. / Onbekende recordsoort.`, { node: mapping, property });
            }
        }
        if (mapping.joinType && types[unquote(mapping.joinType)] && types[unquote(mapping.recordType)]) {
            mapping.joinOn.forEach((k, index) => {
                const key = unquote(k);
                for (const t of [unquote(mapping.recordType!), unquote(mapping.joinType!)]) {
                    if (!types[t].includes(key)) report('unknown-column', `Record type ${cut(t)} has no field '${cut(key)}' to join on; its fields: ${nameList(types[t])}. / Veld bestaat niet.`, { node: mapping, property: 'joinOn', index });
                }
            });
        }
    }

    private checkColumns(mapping: ast.Mapping | ast.Population | ast.Outcomes, report: Report): void {
        const file = mapping.file?.ref;
        if (!file || !file.path) return;
        const spec = dataFileSpec(file);
        const recordType = ast.isMapping(mapping) ? mapping.recordType : undefined;
        const header = this.columnsOf(spec, recordType ? unquote(recordType) : undefined, ast.isMapping(mapping) && mapping.joinType ? unquote(mapping.joinType) : undefined);
        if (!header) return;
        const check = (column: string, node: AstNode, property: string) => {
            if (!header.includes(column)) {
                const what = spec.format === 'fixed width' ? `the layout of ${spec.written}` : spec.format === 'records' ? `record type ${unquote(recordType)} of ${spec.written}` : spec.written;
                report('unknown-column', `${what} has no column '${cut(column)}'; its columns: ${nameList(header)}. / Kolom '${cut(column)}' bestaat niet.`, { node, property });
            }
        };
        if (mapping.where) {
            for (const cmp of AstUtils.streamAst(mapping.where).filter(ast.isComparison)) {
                const column = cmp.dateColumn ?? cmp.column;
                if (column) check(unquote(column), cmp, cmp.dateColumn !== undefined ? 'dateColumn' : 'column');
            }
        }
        for (const f of mapping.fields) {
            const v = f.value;
            if ((ast.isColumnValue(v) || ast.isDateValue(v) || ast.isSchoolYearValue(v) || ast.isYearPeriodValue(v)) && v.column) check(unquote(v.column), v, 'column');
            if (ast.isColumnValue(v)) v.alternatives.forEach((a) => check(unquote(a), v, 'alternatives'));
            if (ast.isPeriodValue(v)) for (const d of [v.from, v.to]) if (d?.column) check(unquote(d.column), d, 'column');
        }
    }
}


/** The outcome codes an outcomes field can give: its constant, or its map's values (a bare column: unknown). */
function outcomeCodes(v: ast.ValueExpr | undefined): string[] {
    if (ast.isConstantValue(v)) return v.value !== undefined ? [v.value] : [];
    if (ast.isColumnValue(v) && v.valueMap) return v.valueMap.entries.map((e) => e.value);
    return [];
}

function isRealDate(s: string): boolean {
    const [y, m, d] = s.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
