// Bounds on every number and string a definition can hold (docs/safety.md, "Bounds"). Checked before use: the
// validator reports what is outside them (out-of-range, invalid-string) and resolve refuses a card that reads such a
// number, so no plan, evaluation, SQL, hover or inlay hint ever loops over `years 2015..99999999999`.
import { AstUtils, CstUtils, GrammarUtils, isLeafCstNode, type AstNode, type CstNode } from 'langium';
import * as ast from '../generated/ast.js';

export interface Bound {
    readonly min: number;
    readonly max: number;
    /** What the number is, for messages (en / nl). */
    readonly en: string;
    readonly nl: string;
}

/** Cohort years and the years of dates: wide enough for any register, narrow enough to loop over. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
const YEAR: Bound = { min: MIN_YEAR, max: MAX_YEAR, en: 'a year', nl: 'een jaar' };
/** Horizons, gaps, pools and lookbacks count years within one register's history. */
const SPAN = (min: number, en: string, nl: string): Bound => ({ min, max: 50, en, nl });
const DAY: Bound = { min: 1, max: 31, en: 'a day of the month', nl: 'een dag van de maand' };

/** Every INT of the grammar (stroom.langium), by AST type and property. */
export const INT_BOUNDS: Readonly<Record<string, Readonly<Record<string, Bound>>>> = {
    YearsClause: { from: YEAR, to: YEAR },
    PriorEvent: { from: YEAR, to: YEAR },
    ExpectMember: { year: YEAR },
    ExpectOutcome: { year: YEAR },
    HorizonClause: { years: SPAN(0, 'a horizon in years', 'een meetmoment in jaren') },
    MeasureClause: {
        overRetainedAfter: SPAN(0, 'a horizon in years', 'een meetmoment in jaren'),
        pool: SPAN(1, 'a pool of cohort years', 'een aantal samengenomen cohortjaren'),
    },
    InflowClause: { gap: SPAN(0, 'a gap in years', 'een tussenjaar-periode') },
    HistoryClause: { within: SPAN(0, 'a history window in years', 'een periode van de geschiedenis in jaren') },
    HistoryBy: { within: SPAN(0, 'a history window in years', 'een periode van de geschiedenis in jaren') },
    LookbackClause: { years: { min: 0, max: 100, en: 'a lookback in years', nl: 'een terugkijkperiode in jaren' } },
    AgeClause: { age: { min: 0, max: 150, en: 'an age', nl: 'een leeftijd' } },
    DecimalsClause: { decimals: { min: 0, max: 6, en: 'a number of decimals', nl: 'een aantal decimalen' } },
    SuppressClause: { threshold: { min: 0, max: 1_000_000, en: 'a suppression threshold', nl: 'een drempel' } },
    ValueMap: { prefix: { min: 1, max: 1000, en: 'a prefix length', nl: 'een voorvoegsellengte' } },
    PeildatumClause: { day: DAY },
    StudyYearStartClause: { day: DAY },
    YearPeriodValue: { day: DAY },
    Population: { day: DAY, year: YEAR },
    Outcomes: { day: DAY, year: YEAR },
};

/** Every DATE of the grammar, by AST type and property: its year must lie in MIN_YEAR..MAX_YEAR. */
export const DATE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    ObservedClause: ['from', 'until'],
    BornEvent: ['date'],
    EnrolledEvent: ['start', 'end'],
    DiplomaEvent: ['date', 'first', 'last'],
};

/** A string literal longer than this is refused: no title, path or value needs more, and editors slow down. */
export const MAX_STRING = 10_000;

export interface OutOfRange {
    readonly node: AstNode;
    readonly property: string;
    /** The number as written (a literal of 400 digits is Infinity as a number). */
    readonly written: string;
    readonly bound: Bound;
}

/** The text of a property as written, shortened for messages. */
function writtenText(node: AstNode, property: string, value: unknown): string {
    const text = node.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, property)?.text : undefined;
    const s = text ?? String(value);
    return s.length > 24 ? `${s.slice(0, 12)}...${s.slice(-6)} (${s.length} digits)` : s;
}

/** The numbers of one node outside their bounds (its own properties only, not its children's). */
export function outOfRange(node: AstNode): OutOfRange[] {
    const out: OutOfRange[] = [];
    const record = node as unknown as Record<string, unknown>;
    for (const [property, bound] of Object.entries(INT_BOUNDS[node.$type] ?? {})) {
        const v = record[property];
        if (typeof v !== 'number') continue;
        if (!(v >= bound.min && v <= bound.max)) out.push({ node, property, written: writtenText(node, property, v), bound });
    }
    for (const property of DATE_PROPERTIES[node.$type] ?? []) {
        const v = record[property];
        if (typeof v !== 'string') continue;
        const year = Number(v.slice(0, 4));
        if (!(year >= MIN_YEAR && year <= MAX_YEAR)) out.push({ node, property, written: v, bound: YEAR });
    }
    return out;
}

/** Whether a node or anything inside it holds a number outside its bound: such a subtree is never computed on. */
export function hasOutOfRange(node: AstNode | undefined): boolean {
    if (!node) return false;
    for (const n of AstUtils.streamAst(node)) if (outOfRange(n).length > 0) return true;
    return false;
}

/**
 * Control characters other than tab and line breaks (NUL, escape, ...): never meant in a title, path or value, and a
 * NUL cannot reach SQL. Line breaks stay allowed: a title may span lines (the SQL header comment keeps it).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** What is wrong with one string literal as written (quotes included), if anything. */
export function stringProblem(text: string): { en: string; nl: string } | undefined {
    if (text.length - 2 > MAX_STRING) {
        return { en: `this string has ${text.length - 2} characters, more than the ${MAX_STRING.toLocaleString('en-US')} allowed`,
            nl: `deze tekst heeft ${text.length - 2} tekens, meer dan de toegestane ${MAX_STRING}` };
    }
    const m = CONTROL.exec(text);
    if (m) {
        const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        return { en: `this string holds a control character (${code}${code === 'U+0000' ? ', NUL' : ''}) at position ${m.index}`,
            nl: `deze tekst bevat een stuurteken (${code}) op positie ${m.index}` };
    }
    return undefined;
}

/** Every string literal of a model with what is wrong with it. */
export function badStrings(model: ast.Model): Array<{ range: CstNode['range']; en: string; nl: string }> {
    const out: Array<{ range: CstNode['range']; en: string; nl: string }> = [];
    if (!model.$cstNode) return out;
    for (const leaf of CstUtils.streamCst(model.$cstNode)) {
        if (!isLeafCstNode(leaf) || leaf.hidden || leaf.tokenType.name !== 'STRING') continue;
        const problem = stringProblem(leaf.text);
        if (problem) out.push({ range: leaf.range, ...problem });
    }
    return out;
}
