// The catalogue of choices: which clause sets each one, who owns it, when it is required, its default, the options a
// quick fix offers, and how a value reads back as Stroom text. Validation, resolution, hover and explain all read
// this one table, so a new choice is added in one place.
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type {
    Choices, CodeSet, CohortKind, DiplomaRule, EntryFlag, EntryUnit, History, Inflow, MeasureName, MonthDay, ScopeUnit, SwitchDomain,
    SwitchTreatment,
} from './types.js';
import { MONTHS } from '../vocabulary.js';
import { unquote } from '../text/quote.js';

export type ChoiceKey = keyof Choices;

export interface ChoiceOption {
    /** Clause text to insert. */
    readonly text: string;
    readonly nl: string;
    readonly en: string;
}

export interface ChoiceSpec {
    readonly key: ChoiceKey;
    readonly nl: string;
    readonly en: string;
    readonly owner: 'cohort' | 'indicator';
    /** AST types of the clauses that set this choice. */
    readonly clauses: readonly string[];
    applies(kind: CohortKind, measure: MeasureName): boolean;
    /** Required: no default; a missing value is an error. */
    required(kind: CohortKind, measure: MeasureName, partial: Partial<Record<ChoiceKey, unknown>>): boolean;
    /** Reads a clause's value; undefined when this clause does not set this choice (e.g. `entry` without sectors). */
    read(clause: AstNode): unknown;
    readonly defaultValue?: unknown;
    /**
     * A choice that is off unless a clause sets it: it has no default, is absent from the card when not set, and
     * `unset` is how the card, compare and the bridge show it then.
     */
    readonly unset?: string;
    readonly options: readonly ChoiceOption[];
    show(value: never): string;
}

const OUTCOME_MEASURES: readonly MeasureName[] = ['dropout', 'switch', 'retention', 'success'];
const isOutcomeMeasure = (m: MeasureName) => OUTCOME_MEASURES.includes(m);
const entering = (k: CohortKind) => k === 'entering';
const deregistration = (k: CohortKind) => k === 'deregistration';

export function monthDay(day: number, month: string): MonthDay {
    return { month: MONTHS.indexOf(month as typeof MONTHS[number]) + 1, day };
}

export function showMonthDay(md: MonthDay): string {
    return `${md.day} ${MONTHS[md.month - 1]}`;
}

function showCodes(set: CodeSet): string {
    return set === 'any' ? 'any' : set.join(', ');
}

const SCOPE_OPTIONS = (verb: string): ChoiceOption[] => [
    { text: `${verb} programme`, nl: 'nog ingeschreven in dezelfde opleiding (bij elke instelling)', en: 'still enrolled in the same programme (at any institution)' },
    { text: `${verb} institution`, nl: 'nog ingeschreven bij dezelfde instelling', en: 'still enrolled at the same institution' },
    { text: `${verb} institution-programme`, nl: 'nog in dezelfde opleiding bij dezelfde instelling', en: 'still in the same programme at the same institution' },
    { text: `${verb} sector`, nl: 'nog ingeschreven in dezelfde sector (bijv. hbo)', en: 'still enrolled in the same sector (e.g. hbo)' },
    { text: `${verb} education`, nl: 'nog ingeschreven waar dan ook in het onderwijs', en: 'still enrolled anywhere in education' },
];

export const CHOICES: readonly ChoiceSpec[] = [
    {
        key: 'peildatum', nl: 'peildatum', en: 'reference date', owner: 'cohort', clauses: ['PeildatumClause'],
        applies: () => true, required: () => false,
        read: (c) => monthDay((c as ast.PeildatumClause).day, (c as ast.PeildatumClause).month),
        defaultValue: { month: 10, day: 1 }, options: [],
        show: (v: MonthDay) => `peildatum ${showMonthDay(v)}`,
    },
    {
        key: 'entry', nl: 'instroom als eerstejaars', en: 'entry', owner: 'cohort', clauses: ['EntryClause'],
        applies: entering, required: () => true,
        read: (c) => (c as ast.EntryClause).unit as EntryUnit,
        options: [
            { text: 'entry first in programme', nl: 'eerstejaars in de opleiding', en: 'first-year in the programme' },
            { text: 'entry first in institution', nl: 'eerstejaars bij de instelling', en: 'first-year at the institution' },
            { text: 'entry first in institution-programme', nl: 'eerstejaars in de opleiding bij de instelling', en: 'first-year in the programme at the institution' },
            { text: 'entry first in sector', nl: 'eerstejaars in de sector (bijv. hbo)', en: 'first-year in the sector (e.g. hbo)' },
            { text: 'entry first in education', nl: 'eerstejaars in het onderwijs als geheel', en: 'first-year in education as a whole' },
        ],
        show: (v: EntryUnit) => `entry first in ${v}`,
    },
    {
        key: 'entryFlag', nl: 'eerstejaars volgens vlag in het bestand', en: 'entry from the file\'s flag', owner: 'cohort', clauses: ['EntryFlagClause'],
        applies: entering, required: () => false,
        read: (c) => ({ column: unquote((c as ast.EntryFlagClause).column), value: unquote((c as ast.EntryFlagClause).value) }),
        unset: 'entry by dates', options: [],
        show: (v: EntryFlag | null) => (v === null ? 'entry by dates' : `entry flag ${JSON.stringify(v.column)} = ${JSON.stringify(v.value)}`),
    },
    {
        key: 'inflow', nl: 'instroom direct of indirect', en: 'inflow', owner: 'cohort', clauses: ['InflowClause'],
        applies: entering, required: () => true,
        read: (c) => readInflow(c as ast.InflowClause),
        options: [
            { text: 'inflow direct', nl: 'alleen directe instroom: vooropleiding behaald in het schooljaar ervoor', en: 'direct inflow only: prior diploma in the school year before' },
            { text: 'inflow direct gap 1 year', nl: 'direct, met hoogstens één tussenjaar', en: 'direct, allowing at most one gap year' },
            { text: 'inflow direct by enrollment', nl: 'direct: op de vorige peildatum ergens ingeschreven', en: 'direct: enrolled somewhere on the previous reference date' },
            { text: 'inflow indirect', nl: 'alleen indirecte instroom', en: 'indirect inflow only' },
            { text: 'inflow any', nl: 'directe en indirecte instroom', en: 'direct and indirect inflow' },
        ],
        show: (v: Inflow) => showInflow(v),
    },
    {
        key: 'prior', nl: 'vooropleiding', en: 'prior education', owner: 'cohort', clauses: ['PriorClause'],
        applies: () => true, required: () => false,
        read: (c) => ((c as ast.PriorClause).any ? 'any' : (c as ast.PriorClause).categories),
        defaultValue: 'any', options: [], show: (v: CodeSet) => `prior ${showCodes(v)}`,
    },
    {
        key: 'sector', nl: 'sector', en: 'sector', owner: 'cohort', clauses: ['SectorClause', 'EntryClause'],
        applies: () => true, required: () => false,
        read: (c) => ast.isEntryClause(c) ? (c.sectors.length > 0 ? c.sectors : undefined) : (c as ast.SectorClause).sectors,
        defaultValue: 'any', options: [], show: (v: CodeSet) => `sector ${showCodes(v)}`,
    },
    {
        key: 'mode', nl: 'opleidingsvorm', en: 'mode', owner: 'cohort', clauses: ['ModeClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.ModeClause).modes,
        defaultValue: 'any', options: [], show: (v: CodeSet) => `mode ${showCodes(v)}`,
    },
    {
        key: 'level', nl: 'niveau', en: 'level', owner: 'cohort', clauses: ['LevelClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.LevelClause).levels,
        defaultValue: 'any', options: [], show: (v: CodeSet) => `level ${showCodes(v)}`,
    },
    {
        key: 'funded', nl: 'alleen bekostigd', en: 'funded only', owner: 'cohort', clauses: ['FundedClause'],
        applies: () => true, required: () => false,
        read: (c) => (c as ast.FundedClause).only || (c as ast.FundedClause).value === 'yes',
        defaultValue: false, options: [], show: (v: boolean) => (v ? 'funded only' : 'funded no'),
    },
    {
        key: 'mainOnly', nl: 'alleen hoofdinschrijvingen', en: 'main enrollments only', owner: 'cohort', clauses: ['MainOnlyClause'],
        applies: () => true, required: () => false,
        read: (c) => (c as ast.MainOnlyClause).only || (c as ast.MainOnlyClause).value === 'yes',
        defaultValue: false, options: [], show: (v: boolean) => (v ? 'main enrollments only' : 'main enrollments no'),
    },
    {
        key: 'mainAnchorOnly', nl: 'alleen het anker een hoofdinschrijving', en: 'main anchor only', owner: 'cohort', clauses: ['MainAnchorClause'],
        applies: () => true, required: () => false, read: () => true,
        unset: 'main anchor any', options: [], show: (v: boolean) => (v ? 'main anchor only' : 'main anchor any'),
    },
    {
        key: 'history', nl: 'eerdere inschrijving', en: 'earlier enrollment', owner: 'cohort', clauses: ['HistoryClause'],
        applies: () => true, required: () => false, read: (c) => readHistory(c as ast.HistoryClause),
        unset: 'history any',
        options: [
            { text: 'history vso', nl: 'alleen wie vóór de peildatum al eens in het vso ingeschreven was', en: 'only people enrolled in vso at some time before the reference date' },
            { text: 'history vso within 2 years', nl: 'alleen wie op de peildatum twee jaar eerder nog in het vso stond (of later)', en: 'only people still in vso on the reference date two years earlier (or later)' },
        ],
        show: (v: History | null) => (v === null ? 'history any' : showHistory(v)),
    },
    {
        key: 'ageBelow', nl: 'leeftijd onder', en: 'age below', owner: 'cohort', clauses: ['AgeClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.AgeClause).age,
        defaultValue: null, options: [], show: (v: number | null) => (v === null ? 'age any' : `age below ${v}`),
    },
    {
        key: 'leaveReasons', nl: 'reden van uitschrijving', en: 'leave reason', owner: 'cohort', clauses: ['LeaveReasonClause'],
        applies: deregistration, required: () => false,
        read: (c) => (c as ast.LeaveReasonClause).reasons,
        defaultValue: 'any', options: [], show: (v: CodeSet) => `leave reason ${showCodes(v)}`,
    },
    {
        key: 'firstYearOnly', nl: 'alleen eerstejaars', en: 'first year only', owner: 'cohort', clauses: ['FirstYearClause'],
        applies: deregistration, required: () => false, read: () => true,
        unset: 'first year any', options: [], show: (v: boolean) => (v ? 'first year only' : 'first year any'),
    },
    {
        key: 'lookback', nl: 'terugkijkperiode', en: 'lookback', owner: 'cohort', clauses: ['LookbackClause'],
        applies: entering, required: () => false,
        read: (c) => ((c as ast.LookbackClause).all ? 'all' : (c as ast.LookbackClause).years),
        defaultValue: 'all', options: [], show: (v: number | 'all') => (v === 'all' ? 'lookback all' : `lookback ${v} ${years(v)}`),
    },
    {
        key: 'horizon', nl: 'meetmoment', en: 'horizon', owner: 'indicator', clauses: ['HorizonClause'],
        // De-registrations count months from the day each enrollment ended (horizonMonths).
        applies: (k, m) => m !== 'jaarresultaat' && k !== 'deregistration',
        required: (_k, m) => m !== 'vsv' && m !== 'startersresultaat',
        read: (c) => (c as ast.HorizonClause).years,
        // vsv and startersresultaat are fixed at one year.
        defaultValue: 1,
        options: [
            { text: 'after 1 year', nl: 'status op de peildatum één jaar na instroom', en: 'status on the reference date one year after entry' },
            { text: 'after 2 years', nl: 'status twee jaar na instroom', en: 'status two years after entry' },
            { text: 'after 3 years', nl: 'status drie jaar na instroom', en: 'status three years after entry' },
            { text: 'after 5 years', nl: 'status vijf jaar na instroom', en: 'status five years after entry' },
        ],
        show: (v: number) => `after ${v} ${years(v)}`,
    },
    {
        key: 'horizonMonths', nl: 'meetmoment na uitschrijving', en: 'horizon after de-registration', owner: 'indicator', clauses: ['HorizonClause'],
        applies: deregistration, required: () => true,
        read: (c) => (c as ast.HorizonClause).months,
        options: [
            { text: 'after 3 months', nl: 'bestemming drie maanden na de uitschrijving', en: 'destination three months after the de-registration' },
            { text: 'after 12 months', nl: 'bestemming twaalf maanden na de uitschrijving', en: 'destination twelve months after the de-registration' },
        ],
        show: (v: number) => `after ${v} ${v === 1 ? 'month' : 'months'}`,
    },
    {
        key: 'scope', nl: '"nog ingeschreven" betekent', en: '"still enrolled" means', owner: 'indicator', clauses: ['ScopeClause'],
        applies: (_k, m) => isOutcomeMeasure(m), required: () => true,
        read: (c) => (c as ast.ScopeClause).scope as ScopeUnit,
        options: SCOPE_OPTIONS('scope'), show: (v: ScopeUnit) => `scope ${v}`,
    },
    {
        key: 'switchTreatment', nl: 'een switcher telt als', en: 'a switcher counts as', owner: 'indicator', clauses: ['SwitchClause'],
        applies: (_k, m) => isOutcomeMeasure(m), required: () => true,
        read: (c) => (c as ast.SwitchClause).treatment as SwitchTreatment,
        options: [
            { text: 'switchers count as dropout', nl: 'een switch is uitval (CBS)', en: 'a switch is dropout (CBS)' },
            { text: 'switchers count as retained', nl: 'een switch is geen uitval (OCW/ResearchNed)', en: 'a switch is not dropout (OCW/ResearchNed)' },
            { text: 'switchers count as separate', nl: 'switch is een aparte uitkomst (VH, UNL)', en: 'a switch is a separate outcome (VH, UNL)' },
        ],
        show: (v: SwitchTreatment) => `switchers count as ${v}`,
    },
    {
        key: 'switchDomain', nl: 'een switch mag landen', en: 'a switch may land', owner: 'indicator', clauses: ['SwitchDomainClause'],
        applies: (_k, m) => isOutcomeMeasure(m),
        // Where a switch lands cannot change the figure when switchers count as dropout anyway.
        required: (_k, _m, partial) => partial.switchTreatment !== undefined && partial.switchTreatment !== 'dropout',
        read: (c) => readSwitchDomain(c as ast.SwitchDomainClause),
        defaultValue: { kind: 'education' },
        options: [
            { text: 'switch within institution', nl: 'switch binnen dezelfde instelling', en: 'switch within the same institution' },
            { text: 'switch within sector', nl: 'switch binnen dezelfde sector', en: 'switch within the same sector' },
            { text: 'switch within sectors hbo, wo', nl: 'switch binnen het hoger onderwijs (hbo, wo)', en: 'switch within higher education (hbo, wo)' },
            { text: 'switch within education', nl: 'switch naar elke opleiding in het onderwijs', en: 'switch to any programme in education' },
        ],
        show: (v: SwitchDomain) => (v.kind === 'sectors' ? `switch within sectors ${v.sectors.join(', ')}` : `switch within ${v.kind}`),
    },
    {
        key: 'diploma', nl: 'diploma', en: 'diploma', owner: 'indicator', clauses: ['DiplomaClause'],
        applies: (_k, m) => isOutcomeMeasure(m), required: () => false,
        read: (c) => readDiploma(c as ast.DiplomaClause),
        defaultValue: { counts: true, kinds: ['final'] }, options: [],
        show: (v: DiplomaRule) => (v.counts ? `diploma counts as success kinds ${v.kinds.join(', ')}` : 'diploma ignored'),
    },
    {
        key: 'unit', nl: 'eenheid', en: 'unit', owner: 'indicator', clauses: ['UnitClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.UnitClause).unit,
        defaultValue: 'person', options: [], show: (v: string) => `unit ${v}`,
    },
    {
        key: 'reentry', nl: 'herinstroom', en: 're-entry', owner: 'indicator', clauses: ['ReentryClause'],
        applies: (_k, m) => isOutcomeMeasure(m), required: () => false, read: (c) => (c as ast.ReentryClause).mode,
        defaultValue: 'horizon', options: [],
        show: (v: string) => `reentry ${v}`,
    },
    {
        key: 'suppression', nl: 'onderdrukking kleine aantallen', en: 'small-cell suppression', owner: 'indicator', clauses: ['SuppressClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.SuppressClause).threshold,
        defaultValue: 5, options: [], show: (v: number) => `suppress below ${v}`,
    },
    {
        // No default here on purpose: a card without `decimals` shows rates with one decimal (DEFAULT_DECIMALS) and
        // does not list the choice, so cards written before it existed read the same.
        key: 'decimals', nl: 'decimalen', en: 'decimals', owner: 'indicator', clauses: ['DecimalsClause'],
        applies: () => true, required: () => false, read: (c) => (c as ast.DecimalsClause).decimals,
        options: [], show: (v: number) => `decimals ${v}`,
    },
];

export function choiceSpec(key: ChoiceKey): ChoiceSpec {
    const spec = CHOICES.find((c) => c.key === key);
    if (!spec) throw new Error(`unknown choice ${key}`);
    return spec;
}

/** Shows any card value as the Stroom clause that would set it. */
export function showChoice(key: ChoiceKey, value: unknown): string {
    return choiceSpec(key).show(value as never);
}

/** How a choice reads when the card lacks it: its `unset` text for an off-unless-set choice. */
export function showChoiceOrUnset(key: ChoiceKey, chosen: { readonly value: unknown } | undefined): string | undefined {
    if (chosen) return showChoice(key, chosen.value);
    return choiceSpec(key).unset;
}

function years(n: number): string {
    return n === 1 ? 'year' : 'years';
}

export function readHistory(c: { readonly sector?: string; readonly within?: number }): History {
    return { sector: c.sector ?? '', within: c.within ?? null };
}

/** `history vso within 2 years` as written. */
export function showHistory(v: History): string {
    return `history ${v.sector}${v.within === null ? '' : ` within ${v.within} ${years(v.within)}`}`;
}

function readInflow(c: ast.InflowClause): Inflow {
    if (c.inflow === 'any') return { kind: 'any' };
    if (c.byEnrollment) return { kind: 'direct-by-enrollment', sectors: c.sectors.length > 0 ? c.sectors : 'any' };
    return { kind: c.inflow === 'indirect' ? 'indirect' : 'direct', gap: c.gap ?? 0 };
}

function showInflow(v: Inflow): string {
    switch (v.kind) {
        case 'any': return 'inflow any';
        case 'direct-by-enrollment': return `inflow direct by enrollment${v.sectors === 'any' ? '' : ` in ${v.sectors.join(', ')}`}`;
        default: return `inflow ${v.kind} gap ${v.gap} ${years(v.gap)}`;
    }
}

function readSwitchDomain(c: ast.SwitchDomainClause): SwitchDomain {
    if (c.domain === 'sectors') return { kind: 'sectors', sectors: c.sectors };
    return { kind: c.domain as 'institution' | 'sector' | 'education' };
}

function readDiploma(c: ast.DiplomaClause): DiplomaRule {
    if (c.ignored) return { counts: false, kinds: [] };
    return { counts: true, kinds: c.kinds.length > 0 ? c.kinds.filter((k) => k !== 'propedeuse') : ['final'] };
}
