// The definition card in plain prose, in Dutch or English: the seed's three questions answered in words, what is
// measured, who is counted, every choice of the card (in card order) with where it came from and the convention's
// citation, the concrete dates of each cohort year, and (when data was read) the funnel. `stroom explain` and the
// editor hover write the same blocks; the texts themselves live in texts.ts.
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { normDirection } from '../run/norms.js';
import { CHOICES, showChoice, type ChoiceKey } from '../definition/choices.js';
import { documentPath, lineOf } from '../definition/resolve.js';
import type {
    CodeSet, Definition, EntryUnit, Inflow, MonthDay, Origin, SourceSpec, SwitchDomain,
} from '../definition/types.js';
import { addMonths, type Plan } from '../plan/plan.js';
import type { FunnelResult } from '../funnel/funnel.js';
import { protectFunnel } from '../funnel/funnel.js';
import { describeDisclosure, disclosurePolicy, type DisclosurePolicy } from '../disclosure/disclosure.js';
import { notInPopulationNoun, type IndicatorResult, type Prepared } from '../run/session.js';
import type { Workspace } from '../workspace/load.js';
import { peilDate } from './card.js';
import { blocksToHtml, blocksToMarkdown, capitalize, code, fill, join, t, type Block, type Inline, type Param } from './doc.js';
import { PHRASES, type Lang, type Text, type TextKey } from './texts.js';

export { LANGS, type Lang } from './texts.js';
export type { Block, Inline } from './doc.js';
export { blocksToHtmlBody, EXPLAIN_STYLE } from './doc.js';

/** How the source of a definition was picked (session.ts: --source, else `on`, else the workspace default, else the only one). */
export type SourcePick =
    | { readonly how: 'option' }
    | { readonly how: 'on'; readonly element: string; readonly file: string; readonly line: number }
    | { readonly how: 'workspace' }
    | { readonly how: 'only' };

/** The funnel part of an explanation: computed, or why not. */
export type FunnelPart =
    | { readonly kind: 'result'; readonly result: FunnelResult }
    | { readonly kind: 'skipped' }
    | { readonly kind: 'database'; readonly source: string; readonly tables: readonly string[] }
    | { readonly kind: 'unavailable'; readonly reason: string }
    /** Classified by source: no funnel (nothing is chosen from enrollments); the persons outside the population instead. */
    | { readonly kind: 'classified'; readonly notInPopulation: NonNullable<IndicatorResult['notInPopulation']> };

export interface ExplainInput {
    readonly definition: Definition;
    /** The source the definition reads (its name, title, publisher, window and study-year start are told). */
    readonly source?: SourceSpec;
    readonly sourcePick?: SourcePick;
    /** With a plan: which cohort years are computable, and the first peildatum of the history. */
    readonly plan?: Plan;
    readonly funnel?: FunnelPart;
    /** The workspace's disclosure settings (stroom.json `suppressZeros`, `rounding`) for the funnel; the threshold is the indicator's. */
    readonly disclosure?: { readonly suppressZeros?: unknown; readonly rounding?: unknown };
    /** File paths are shown relative to this folder (else by their base name). */
    readonly relativeTo?: string;
}

const DEFAULT_START: MonthDay = { month: 9, day: 1 };

/** Text in one language. */
function pick(lang: Lang, text: Text): string {
    return text[lang];
}

function years(lang: Lang, n: number): string {
    return PHRASES.year[lang][n === 1 ? 0 : 1];
}

function months(lang: Lang, n: number): string {
    return lang === 'nl' ? (n === 1 ? 'maand' : 'maanden') : (n === 1 ? 'month' : 'months');
}

/** `2018-10-01` -> "1 oktober 2018" / "1 October 2018". */
export function longDate(lang: Lang, iso: string): string {
    const [y, m, d] = iso.split('-').map(Number);
    return `${d} ${PHRASES.months[lang][m - 1]} ${y}`;
}

function dayMonth(lang: Lang, md: MonthDay): string {
    return `${md.day} ${PHRASES.months[lang][md.month - 1]}`;
}

function dayBefore(iso: string): string {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

function iso(year: number, md: MonthDay): string {
    return `${String(year).padStart(4, '0')}-${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`;
}

function schoolYear(s: number): string {
    return `${s}/${s + 1}`;
}

function codes(set: readonly string[]): Inline[] {
    return join(set.map((c) => [code(c)]), ', ');
}

class Explainer {
    /** Conventions whose citation was given already (cited at their first mention). */
    private readonly cited = new Set<string>();
    private readonly def: Definition;
    private readonly peil: MonthDay;
    private readonly start: MonthDay;

    constructor(private readonly input: ExplainInput, private readonly lang: Lang) {
        this.def = input.definition;
        this.peil = this.def.choices.peildatum.value;
        this.start = input.source?.studyYearStart ?? DEFAULT_START;
    }

    t(key: Parameters<typeof t>[1], params: Parameters<typeof t>[2] = {}): Inline[] {
        return t(this.lang, key, params);
    }

    at(file: string, line: number): string {
        const rel = this.input.relativeTo && !file.includes('://')
            ? path.relative(this.input.relativeTo, file).split(path.sep).join('/')
            : path.basename(file);
        return `${rel}:${line}`;
    }

    P(year: number): string {
        return longDate(this.lang, peilDate(year, this.peil, this.start));
    }

    origin(o: Origin): Inline[] {
        switch (o.kind) {
            case 'explicit': return this.t('originExplicit', { element: code(o.element), at: this.at(o.file, o.line) });
            case 'convention': {
                const citation = this.def.conventions.find((c) => c.name === o.convention)?.citation;
                const cite = citation && !this.cited.has(o.convention) ? this.t('originCite', { citation }) : [];
                this.cited.add(o.convention);
                return this.t('originConvention', { name: code(o.convention), at: this.at(o.file, o.line), cite });
            }
            case 'source': return this.t('originSource', { name: code(o.source) });
            case 'workspace': return this.t('originWorkspace');
            case 'default': return this.t('originDefault');
        }
    }

    /** "after 1 year" / "on the reference date itself". */
    after(n: number): Inline[] {
        return n === 0 ? this.t('afterZero') : this.t('after', { n, years: years(this.lang, n) });
    }

    scopeIn(): Inline[] {
        const scope = this.def.choices.scope?.value;
        return scope ? [pick(this.lang, PHRASES.scopeIn[scope])] : [];
    }

    domainIn(d: SwitchDomain): Inline[] {
        return d.kind === 'sectors' ? fill(PHRASES.domainIn.sectors[this.lang], { list: codes(d.sectors) }) : [pick(this.lang, PHRASES.domainIn[d.kind])];
    }

    records(): string {
        const kind = this.def.cohort.kind;
        return pick(this.lang, kind === 'graduating' ? PHRASES.records.diplomas : kind === 'leaving' ? PHRASES.records.both : PHRASES.records.enrollments);
    }

    inflowSentence(v: Inflow): Inline[] {
        switch (v.kind) {
            case 'any': return this.t('inflowAny');
            case 'direct-by-enrollment':
                return this.t('inflowByEnrollment', { sectors: v.sectors === 'any' ? this.t('inflowAnywhere') : this.t('inflowInSectors', { list: codes(v.sectors) }) });
            default: {
                const window = v.gap === 0 ? this.t('inflowWindow') : v.gap === 1 ? this.t('inflowWindowGapOne') : this.t('inflowWindowGap', { gap: v.gap });
                return this.t(v.kind === 'direct' ? 'inflowDirect' : 'inflowIndirect', { window });
            }
        }
    }

    /** The value of one choice in words. */
    sentence(key: ChoiceKey): Inline[] {
        const c = this.def.choices;
        const set = (v: CodeSet, any: Parameters<typeof t>[1], some: Parameters<typeof t>[1]) =>
            (v === 'any' ? this.t(any) : this.t(some, { list: codes(v), records: this.records() }));
        const graduating = this.def.cohort.kind === 'graduating';
        const m = this.def.measure.name;
        switch (key) {
            case 'peildatum': {
                if (this.def.cohort.kind === 'deregistration') return this.t('peildatumDeregistration', { date: dayMonth(this.lang, this.peil), start: dayMonth(this.lang, this.start) });
                const before = this.peil.month * 100 + this.peil.day < this.start.month * 100 + this.start.day;
                return this.t(before ? 'peildatumNextYear' : 'peildatum', { date: dayMonth(this.lang, this.peil), start: dayMonth(this.lang, this.start) });
            }
            case 'entry': return [pick(this.lang, PHRASES.entry[c.entry!.value])];
            case 'inflow': return this.inflowSentence(c.inflow!.value);
            case 'prior': return set(c.prior.value, 'priorAny', 'priorSome');
            case 'sector': return set(c.sector.value, 'sectorAny', 'sectorSome');
            case 'mode': {
                const s = set(c.mode.value, 'modeAny', 'modeSome');
                return graduating && c.mode.value !== 'any' ? [...s, ' ', ...this.t('diplomaFiltersNothing')] : s;
            }
            case 'level': return set(c.level.value, 'levelAny', 'levelSome');
            case 'funded': {
                const s = this.t(c.funded.value ? 'fundedYes' : 'fundedNo');
                return graduating && c.funded.value ? [...s, ' ', ...this.t('diplomaFiltersNothing')] : s;
            }
            case 'mainOnly': return this.t(c.mainOnly.value ? 'mainYes' : 'mainNo');
            case 'mainAnchorOnly': return this.t(c.mainAnchorOnly?.value ? 'mainAnchorYes' : 'mainAnchorNo');
            case 'entryFlag': {
                const flag = c.entryFlag?.value;
                return flag ? this.t('entryFlag', { column: code(flag.column), value: code(flag.value) }) : this.t('entryByDates');
            }
            case 'history': {
                const h = c.history?.value;
                if (!h) return this.t('historyNone');
                const within = h.within === null ? [] : this.t('historyWithin', { n: h.within, years: years(this.lang, h.within) });
                const other = this.def.cohort.kind === 'entering' ? this.t('historyOther') : [];
                const reads = this.t(c.mainOnly.value ? 'historyMainOnly' : 'historyAll');
                return this.t('historySome', { sector: code(h.sector), other, within, reads });
            }
            case 'ageBelow': return c.ageBelow.value === null ? this.t('ageNone') : this.t('ageBelow', { age: c.ageBelow.value });
            case 'lookback': {
                if (c.entryFlag?.value) return this.t('lookbackIgnored');
                const v = c.lookback!.value;
                const unit = pick(this.lang, PHRASES.unitNoun[c.entry?.value ?? 'education']);
                if (v === 'all') {
                    const first = this.input.plan?.cohort.kind === 'entering' && this.input.plan.cohort.lookback.kind === 'window'
                        ? this.t('lookbackSince', { date: this.P(this.input.plan.cohort.lookback.firstYear) }) : [];
                    return this.t('lookbackAll', { unit, since: first });
                }
                return v === 0 ? this.t('lookbackNone') : this.t('lookbackYears', { n: v, unit });
            }
            case 'horizonMonths': {
                const n = c.horizonMonths!.value;
                return this.t('horizonMonths', { n, months: months(this.lang, n) });
            }
            case 'leaveReasons': return set(c.leaveReasons?.value ?? 'any', 'leaveReasonsAny', 'leaveReasonsSome');
            case 'firstYearOnly': return this.t(c.firstYearOnly?.value ? 'firstYearOnly' : 'firstYearAny');
            case 'horizon': {
                if (m === 'vsv' || m === 'startersresultaat') return this.t('horizonFixed', { measure: pick(this.lang, PHRASES.measure[m]) });
                const n = c.horizon!.value;
                return n === 0 ? this.t('horizonZero') : this.t('horizon', { n, years: years(this.lang, n) });
            }
            case 'scope': return this.t('scope', { scope: this.scopeIn() });
            case 'switchTreatment': return this.switchSentence();
            case 'switchDomain': {
                if (c.switchTreatment?.value === 'dropout') return this.t('switchDomainIrrelevant');
                const d = c.switchDomain!.value;
                return d.kind === 'education' ? this.t('switchDomainEducation') : this.t('switchDomain', { domain: this.domainIn(d) });
            }
            case 'diploma': {
                const d = c.diploma!.value;
                if (!d.counts) return this.t('diplomaIgnored');
                const kinds = join(d.kinds.map((k) => [PHRASES.diplomaKind[k] ? pick(this.lang, PHRASES.diplomaKind[k]) : k]), ` ${this.lang === 'nl' ? 'of' : 'or'} `);
                return this.t('diplomaCounts', { kinds, scope: this.scopeIn() });
            }
            case 'unit': {
                if (this.def.cohort.kind === 'leaving') return this.t('unitLeaving');
                if (this.def.cohort.kind === 'deregistration') return this.t(c.unit.value === 'person' ? 'unitDeregistrationPerson' : 'unitDeregistrationEnrollment');
                if (c.unit.value === 'person') return this.t('unitPerson');
                const key = this.def.cohort.kind === 'entering' ? c.entry?.value ?? 'education' : 'institution-programme';
                return this.t('unitEnrollment', { unit: pick(this.lang, PHRASES.unitEach[key as EntryUnit]) });
            }
            case 'reentry': return this.t(c.reentry!.value === 'first-exit' ? 'reentryFirstExit' : 'reentryHorizon');
            case 'suppression': return this.t('suppression', { k: c.suppression.value });
            case 'decimals': return this.t('decimals', { n: c.decimals?.value ?? 1 });
        }
    }

    switchSentence(): Inline[] {
        const c = this.def.choices;
        const treatment = c.switchTreatment!.value;
        const domain = c.switchDomain?.value ?? { kind: 'education' as const };
        const s = fill(pick(this.lang, PHRASES.switchTreatment[treatment]), { scope: this.scopeIn(), domain: this.domainIn(domain) });
        return treatment !== 'dropout' && domain.kind !== 'education' ? [...s, ' ', ...this.t('switchOutsideDomain')] : s;
    }

    // ---------------------------------------------------------------- sections

    title(): Block[] {
        const d = this.def;
        const blocks: Block[] = [{ kind: 'heading', level: 1, text: [`${d.indicator.name}${d.indicator.title ? ` — ${d.indicator.title}` : ''}`] }];
        const line: Inline[] = this.t('indicatorLine', { name: code(d.indicator.qualifiedName), at: this.at(d.indicator.file, d.indicator.line) });
        if (d.conventions.length > 0) line.push(' ', ...this.t('followsConventions', { names: codes(d.conventions.map((c) => c.name)) }));
        if (d.indicator.doc) blocks.push({ kind: 'paragraph', text: [d.indicator.doc] });
        blocks.push({ kind: 'paragraph', text: line });
        return blocks;
    }

    questions(): Block[] {
        const c = this.def.choices;
        const q = (key: TextKey, answer: Inline[]): Inline[] => [{ strong: plain(this.t(key)) }, ' ', ...answer];
        const inflow = c.inflow
            ? [...this.inflowSentence(c.inflow.value), ' ', ...this.origin(c.inflow.origin)]
            : this.t('inflowNotApplicable', { kind: pick(this.lang, PHRASES.kindNoun[this.def.cohort.kind]) });
        let switcher: Inline[];
        if (c.switchTreatment) {
            switcher = [...this.switchSentence(), ' ', ...this.origin(c.switchTreatment.origin)];
            if (c.switchDomain && c.switchTreatment.value !== 'dropout' && c.switchDomain.origin.kind !== 'default'
                && JSON.stringify(c.switchDomain.origin) !== JSON.stringify(c.switchTreatment.origin)) {
                const from = this.origin(c.switchDomain.origin);
                switcher.push(' ', ...this.t('domainFrom', { origin: typeof from[0] === 'string' ? [from[0][0].toLowerCase() + from[0].slice(1), ...from.slice(1)] : from }));
            }
        } else {
            const m = this.def.measure.name;
            const why = m === 'vsv' ? 'noSwitchVsv' : m === 'startersresultaat' ? 'noSwitchStarters' : m === 'jaarresultaat' ? 'noSwitchJaarresultaat' : 'noSwitchDestination';
            switcher = capitalize(this.t('switchNotApplicable', { measure: pick(this.lang, PHRASES.measure[m]), why: this.t(why) }));
        }
        return [
            { kind: 'heading', level: 2, text: this.t('headQuestions') },
            { kind: 'list', ordered: true, items: [q('qInflow', inflow), q('qSwitch', switcher), q('qSource', this.sourceAnswer())] },
        ];
    }

    sourceAnswer(): Inline[] {
        const s = this.input.source;
        const pickInfo = this.input.sourcePick;
        if (!s || !pickInfo) return this.t('noSource');
        let how: Inline[];
        switch (pickInfo.how) {
            case 'option': how = this.t('pickOption'); break;
            case 'on': how = this.t('pickOn', { clause: code(`on ${s.name}`), element: code(pickInfo.element), at: this.at(pickInfo.file, pickInfo.line) }); break;
            case 'workspace': how = this.t('pickWorkspace'); break;
            case 'only': how = this.t('pickOnly'); break;
        }
        const out = this.t('sourceAnswer', {
            name: code(s.qualifiedName), title: s.title ? ` "${s.title}"` : '',
            publisher: s.publisher ? this.t('sourcePublisher', { publisher: s.publisher }) : [], how,
        });
        if (s.observed) {
            out.push(' ', ...this.t('sourceWindow', { from: longDate(this.lang, s.observed.from), until: longDate(this.lang, s.observed.until), start: dayMonth(this.lang, s.studyYearStart) }));
        }
        return out;
    }

    measure(): Block[] {
        const d = this.def;
        const c = d.choices;
        const h = c.horizon?.value ?? 1;
        const parts: Inline[] = [];
        const scope = c.scope ? [pick(this.lang, PHRASES.scopeIn[c.scope.value])] : [];
        switch (d.measure.name) {
            case 'dropout': case 'switch': case 'retention': case 'success': {
                const key = ({ dropout: 'measureDropout', switch: 'measureSwitch', retention: 'measureRetention', success: 'measureSuccess' } as const)[d.measure.name];
                parts.push(...this.t(key, { after: this.after(h), scope }), ' ', ...this.t('outcomeOrder', { scope }));
                if (d.measure.overRetainedAfter !== undefined) parts.push(' ', ...this.t('overRetained', { after: this.after(d.measure.overRetainedAfter) }));
                break;
            }
            case 'vsv': parts.push(...this.t('measureVsv')); break;
            case 'startersresultaat': parts.push(...this.t('measureStarters')); break;
            case 'jaarresultaat': parts.push(...this.t('measureJaarresultaat')); break;
            case 'destination': {
                if (d.cohort.kind === 'deregistration') {
                    const n = c.horizonMonths?.value ?? 0;
                    parts.push(...this.t('measureDeregistration', { after: this.t('afterMonths', { n, months: months(this.lang, n) }), categories: this.t('destinationCategories') }));
                    break;
                }
                const graduated = d.cohort.kind === 'entering' ? [...this.t('destinationGraduated'), '; '] : [];
                parts.push(...this.t('measureDestination', { after: this.after(h), categories: [...graduated, ...this.t('destinationCategories')] }));
                if (d.cohort.kind === 'graduating') parts.push(' ', ...this.t('destinationJudged'));
                break;
            }
        }
        if (d.measure.pool !== undefined && d.measure.pool > 1) parts.push(' ', ...this.t('pooled', { pool: d.measure.pool, before: d.measure.pool - 1 }));
        const direction = d.norms ? normDirection(d.measure.name) : undefined;
        if (d.norms && direction) parts.push(' ', ...this.t(direction === 'at least' ? 'normAtLeast' : 'normAtMost', { source: code(d.norms.source) }));
        return [{ kind: 'heading', level: 2, text: this.t('headMeasure') }, { kind: 'paragraph', text: parts }];
    }

    cohort(): Block[] {
        const k = this.def.cohort;
        const line: Inline[] = this.t('cohortLine', { name: code(k.qualifiedName), title: k.title ? ` "${k.title}"` : '', at: this.at(k.file, k.line) });
        if (k.doc) line.push(' ', k.doc);
        line.push(' ', pick(this.lang, PHRASES.kindSentence[k.kind]), ' ');
        line.push(...(k.years ? this.t('cohortYears', { from: k.years[0], to: k.years[1] }) : this.t('cohortAllYears')));
        return [{ kind: 'heading', level: 2, text: this.t('headCohort') }, { kind: 'paragraph', text: line }];
    }

    choices(): Block[] {
        const items: Inline[][] = [];
        for (const spec of CHOICES) {
            const chosen = this.def.choices[spec.key];
            if (!chosen) continue;
            const label = capitalize([pick(this.lang, spec)]);
            items.push([{ strong: plain(label) }, ' (', code(showChoice(spec.key, chosen.value)), '): ', ...this.sentence(spec.key), ' ', ...this.origin(chosen.origin)]);
        }
        return [{ kind: 'heading', level: 2, text: this.t('headChoices') }, { kind: 'list', items }];
    }

    /** The years to show dates for: the plan's (computed and incomplete), else the cohort's own. */
    yearsShown(): number[] {
        const plan = this.input.plan;
        if (plan) return [...new Set([...plan.shownYears, ...plan.incomplete.map((i) => i.year)])].sort((a, b) => a - b);
        const y = this.def.cohort.years;
        if (!y) return [];
        return Array.from({ length: y[1] - y[0] + 1 }, (_, i) => y[0] + i);
    }

    reason(reason: string): string {
        return reasonIn(this.lang, reason);
    }

    dateLine(y: number): Inline[] {
        const d = this.def;
        const c = d.choices;
        const m = d.measure.name;
        const kind = d.cohort.kind;
        const h = m === 'vsv' || m === 'startersresultaat' ? 1 : c.horizon?.value ?? 1;
        const extras: Inline[][] = [];
        let main: Inline[];
        if (kind === 'graduating') {
            main = this.t('datesGraduating', {
                from: longDate(this.lang, iso(y - 1, this.start)), to: longDate(this.lang, dayBefore(iso(y, this.start))),
                measured: this.P(y + h), year: y,
            });
        } else if (kind === 'deregistration') {
            const end = dayBefore(peilDate(y + 1, this.peil, this.start));
            const plan = this.input.plan;
            const last = plan?.measure.kind === 'deregistration destination' ? addMonths(end, plan.measure.months) : addMonths(end, c.horizonMonths?.value ?? 0);
            main = this.t('datesDeregistration', { from: this.P(y), to: longDate(this.lang, end), last: longDate(this.lang, last), year: y });
            if (plan?.cohort.kind === 'deregistration') {
                const october = iso(Number(peilDate(y, this.peil, this.start).slice(0, 4)) + plan.cohort.timing.octoberOffset, { month: 10, day: 1 });
                const february = iso(Number(october.slice(0, 4)) + 1, { month: 2, day: 1 });
                extras.push(this.t('datesTiming', { october: longDate(this.lang, october), february: longDate(this.lang, february) }));
            }
        } else if (kind === 'leaving') {
            main = this.t('datesLeaving', {
                from: this.P(y), to: longDate(this.lang, dayBefore(peilDate(y + 1, this.peil, this.start))), next: this.P(y + 1), year: y,
            });
        } else {
            main = h === 0 ? this.t('datesSameDay', { counted: this.P(y), year: y }) : this.t('datesCountedMeasured', { counted: this.P(y), measured: this.P(y + h), year: y });
        }
        if (kind === 'entering') {
            const inflow = c.inflow?.value;
            if (inflow?.kind === 'direct') {
                const from = y - 1 - inflow.gap;
                extras.push(this.t('datesPrior', { years: from === y - 1 ? schoolYear(y - 1) : this.t('range', { from: schoolYear(from), to: schoolYear(y - 1) }) }));
            } else if (inflow?.kind === 'indirect') {
                extras.push(this.t('datesPriorBefore', { year: schoolYear(y - 1 - inflow.gap) }));
            } else if (inflow?.kind === 'direct-by-enrollment') {
                extras.push(this.t('datesEnrolledBefore', { date: this.P(y - 1) }));
            }
            const lookback = c.lookback?.value ?? 'all';
            const plan = this.input.plan;
            const first = lookback === 'all'
                ? (plan?.cohort.kind === 'entering' && plan.cohort.lookback.kind === 'window' ? plan.cohort.lookback.firstYear : undefined)
                : y - lookback;
            const unit = pick(this.lang, PHRASES.unitNoun[c.entry?.value ?? 'education']);
            if (first !== undefined && first <= y - 1) {
                extras.push(first === y - 1 ? this.t('datesNewOne', { unit, date: this.P(y - 1) }) : this.t('datesNew', { unit, from: this.P(first), to: this.P(y - 1) }));
            }
            if (c.reentry?.value === 'first-exit' && h > 1) {
                extras.push(this.t('datesWalk', { dates: Array.from({ length: h - 1 }, (_, i) => this.P(y + 1 + i)).join(', ') }));
            }
            if (d.measure.overRetainedAfter !== undefined) extras.push(this.t('datesRetained', { date: this.P(y + d.measure.overRetainedAfter) }));
        }
        if (m === 'vsv') extras.push(this.t('datesStartkwalificatie', { date: longDate(this.lang, iso(y + 1, { month: 12, day: 31 })) }));
        const pool = d.measure.pool ?? 1;
        if (pool > 1) extras.push(this.t('datesPool', { from: y - pool + 1, to: y }));
        const out: Inline[] = [...main];
        if (extras.length > 0) out.push(' (', ...join(extras, '; '), ')');
        const incomplete = this.input.plan?.incomplete.find((i) => i.year === y);
        if (incomplete) out.push(' — ', ...this.t('datesIncomplete', { reason: this.reason(incomplete.reason) }));
        out.push('.');
        return out;
    }

    dates(): Block[] {
        const shown = this.yearsShown();
        const head: Block = { kind: 'heading', level: 2, text: this.t('headDates') };
        if (shown.length === 0) {
            const h = this.def.choices.horizon?.value ?? 1;
            return [head, { kind: 'paragraph', text: this.t('datesRule', { n: h }) }];
        }
        return [head, { kind: 'paragraph', text: this.t('datesIntro') }, { kind: 'list', items: shown.map((y) => this.dateLine(y)) }];
    }

    funnel(): Block[] {
        const f = this.input.funnel;
        if (!f) return [];
        const head: Block = { kind: 'heading', level: 2, text: this.t('headFunnel') };
        switch (f.kind) {
            case 'skipped': return [head, { kind: 'paragraph', text: this.t('funnelSkipped') }];
            case 'database': return [head, { kind: 'paragraph', text: this.t('funnelUnavailable', { reason: this.t('funnelDatabase', { source: code(f.source), tables: f.tables.join(', ') }) }) }];
            case 'unavailable': return [head, { kind: 'paragraph', text: this.t('funnelUnavailable', { reason: f.reason }) }];
            case 'classified': return [];
            case 'result': break;
        }
        const r = f.result;
        if (r.years.length === 0) return [head, { kind: 'paragraph', text: this.t('funnelUnavailable', { reason: this.t('funnelNoYears') }) }];
        const k = this.def.choices.suppression.value;
        const last = r.steps[r.steps.length - 1].key === 'retained' ? this.t('funnelLastDenominator') : this.t('funnelLastCohort');
        const intro = this.t('funnelIntro', { unit: pick(this.lang, PHRASES.funnelUnit[r.unit]), k, last });
        const policy = disclosurePolicy(k, this.input.disclosure);
        const table = funnelTable(r, this.lang, policy);
        // What the disclosure module did to the counts (complements of dropped people, the cohort size as `run` hides it).
        return [head, { kind: 'paragraph', text: intro }, { kind: 'paragraph', text: [`${capital(describeDisclosure(policy, this.lang))}.`] }, { kind: 'table', header: table.header, rows: table.rows, numeric: table.header.map((_, i) => i >= 2) }];
    }

    // ---------------------------------------------------------------- classified by source

    /** The outcomes files of a cohort year (all of them without a year), as written. */
    outcomeFiles(year?: number): Inline[] {
        const outs = this.input.plan?.classified?.outcomes.filter((o) => year === undefined || o.years.includes(year))
            ?? (this.input.source?.outcomes ?? []).map((o) => ({ relation: { file: o.file } }));
        if (outs.length === 0) return this.t('classifiedNoFiles');
        return join(outs.map((o) => [code(o.relation.file.written)]), ', ');
    }

    classifiedBlocks(): Block[] {
        const d = this.def;
        const q = (key: TextKey, answer: Inline[]): Inline[] => [{ strong: plain(this.t(key)) }, ' ', ...answer];
        const publisher = this.input.source?.publisher ?? this.input.source?.name ?? '?';
        const outcome = this.input.plan?.measure.kind === 'classified' ? this.input.plan.measure.outcome : d.measure.name;
        const measure = this.t('classifiedMeasure', { outcome: code(outcome), files: this.outcomeFiles() });
        const direction = d.norms ? normDirection(d.measure.name) : undefined;
        if (d.norms && direction) measure.push(' ', ...this.t(direction === 'at least' ? 'normAtLeast' : 'normAtMost', { source: code(d.norms.source) }));
        const cohort: Inline[] = [...this.t('cohortLine', { name: code(d.cohort.qualifiedName), title: d.cohort.title ? ` "${d.cohort.title}"` : '', at: this.at(d.cohort.file, d.cohort.line) }), ' ', ...this.t('classifiedCohort')];
        const supp = d.choices.suppression;
        const years = this.yearsShown().length > 0 ? this.yearsShown() : (this.input.source?.populations ?? []).map((p) => p.year);
        const dateItems = years.map((y): Inline[] => {
            const pop = this.input.plan?.classified?.populations.find((p) => p.year === y)?.relation.file.written
                ?? this.input.source?.populations?.find((p) => p.year === y)?.file.written;
            const on = this.input.plan?.classified?.populations.find((p) => p.year === y)?.on ?? this.input.source?.populations?.find((p) => p.year === y)?.on;
            return pop && on ? [...this.t('classifiedPopulation', { year: y, file: code(pop), date: longDate(this.lang, on), outcomes: this.outcomeFiles(y) }), '.']
                : [...this.t('classifiedNoPopulation', { year: y }), '.'];
        });
        const blocks: Block[] = [
            ...this.title(),
            { kind: 'heading', level: 2, text: this.t('headQuestions') },
            { kind: 'list', ordered: true, items: [q('qInflow', this.t('classifiedInflow', { publisher })), q('qSwitch', this.t('classifiedSwitch')), q('qSource', this.sourceAnswer())] },
            { kind: 'heading', level: 2, text: this.t('headMeasure') }, { kind: 'paragraph', text: measure },
            { kind: 'heading', level: 2, text: this.t('headCohort') }, { kind: 'paragraph', text: cohort },
            { kind: 'heading', level: 2, text: this.t('headChoices') },
            {
                kind: 'list', items: (['suppression', 'decimals'] as const).flatMap((key): Inline[][] => {
                    const chosen = d.choices[key];
                    const spec = CHOICES.find((c) => c.key === key)!;
                    return chosen ? [[{ strong: plain(capitalize([pick(this.lang, spec)])) }, ' (', code(showChoice(key, chosen.value)), '): ', ...this.sentence(key), ' ', ...this.origin(chosen.origin)]] : [];
                }),
            },
        ];
        if (dateItems.length > 0) blocks.push({ kind: 'heading', level: 2, text: this.t('headDates') }, { kind: 'list', items: dateItems });
        const f = this.input.funnel;
        if (f?.kind === 'classified') {
            const items = f.notInPopulation.map((o): Inline[] => {
                const noun = notInPopulationNoun(outcome, o.count.value === 1);
                return [...this.t('classifiedOutside', {
                    year: o.cohortYear, n: o.count.shown,
                    noun: `${this.lang === 'nl' ? noun.nl : noun.en} ${plain(this.t(o.count.value === 1 ? 'classifiedOutsideOne' : 'classifiedOutsideMany'))}`,
                    files: this.outcomeFiles(o.cohortYear),
                }), '.'];
            });
            blocks.push({ kind: 'heading', level: 2, text: this.t('headClassified') },
                { kind: 'paragraph', text: this.t('classifiedOutsideIntro', { k: supp.value }) }, { kind: 'list', items });
        } else if (f?.kind === 'unavailable' || f?.kind === 'skipped') {
            blocks.push(...this.funnel());
        }
        return blocks;
    }

    blocks(): Block[] {
        if (this.def.classified) return this.classifiedBlocks();
        return [...this.title(), ...this.questions(), ...this.measure(), ...this.cohort(), ...this.choices(), ...this.dates(), ...this.funnel()];
    }
}

/** A plan's reason for an incomplete year ("english / nederlands") in one language. */
export function reasonIn(lang: Lang, reason: string): string {
    const [en, nl] = reason.split(' / ');
    if (lang === 'en' || nl === undefined) return en;
    // A pooled year's reason starts with the cohort year it needs, in English only.
    const pool = /^pool of (\d+) years needs cohort (\d+): /.exec(en);
    return pool ? `${plain(t(lang, 'poolNeeds', { pool: pool[1], year: pool[2] }))}${nl}` : nl;
}

/** Inline text as plain text (code without its marks). */
export function plain(parts: readonly Inline[]): string {
    return parts.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : p.strong)).join('');
}

/** A text of the catalogue as plain text (for terminals and CSV). */
export function say(lang: Lang, key: TextKey, params: Readonly<Record<string, Param>> = {}): string {
    return plain(t(lang, key, params));
}

/** What a funnel counts, in words ("people", "pairs of person and institution"). */
export function funnelUnitWord(unit: FunnelResult['unit'], lang: Lang): string {
    return pick(lang, PHRASES.funnelUnit[unit]);
}

/** The name of a funnel step in words. */
export function funnelStepLabel(result: FunnelResult, index: number, lang: Lang): string {
    const step = result.steps[index];
    if (step.key === 'base') {
        const kind = result.prepared.definition.cohort.kind;
        return say(lang, kind === 'graduating' ? 'funnelBaseGraduating' : kind === 'leaving' ? 'funnelBaseLeaving' : 'funnelBaseEnrolled');
    }
    if (step.key === 'retained') return say(lang, 'funnelRetained');
    const spec = CHOICES.find((c) => c.key === step.key)!;
    return spec[lang];
}

/**
 * The funnel as a table: a row per step (its name and clause), a column per cohort year, the counts as the disclosure
 * module lets them be shown (`<k`, `x`); the policy defaults to the indicator's threshold alone.
 */
export function funnelTable(result: FunnelResult, lang: Lang, policy?: DisclosurePolicy): { header: string[]; rows: string[][] } {
    const p = policy ?? disclosurePolicy(result.prepared.definition.choices.suppression.value);
    const shown = protectFunnel(result, p);
    const header = [say(lang, 'funnelStep'), say(lang, 'funnelClause'), ...result.years.map((y) => String(y.cohortYear))];
    const rows = result.steps.map((s, i) => [funnelStepLabel(result, i, lang), s.clause ?? '', ...shown.map((y) => y.kept[i].shown)]);
    return { header, rows };
}

function capital(s: string): string {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

export function explainBlocks(input: ExplainInput, lang: Lang): Block[] {
    return new Explainer(input, lang).blocks();
}

export function explainMarkdown(inputs: readonly ExplainInput[], lang: Lang, headingShift = 0): string {
    return inputs.map((i) => blocksToMarkdown(explainBlocks(i, lang), headingShift)).join('\n');
}

export function explainHtml(inputs: readonly ExplainInput[], lang: Lang, title: string): string {
    return blocksToHtml(inputs.flatMap((i) => explainBlocks(i, lang)), title, lang);
}

/** How session.ts picked the source of a prepared indicator (the same order: --source, `on`, workspace, only). */
export function sourcePickOf(ws: Workspace, prepared: Prepared, requested?: string): SourcePick {
    if (requested) return { how: 'option' };
    const def = prepared.definition;
    const indicator = ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isIndicator))
        .find((i) => documentPath(i) === def.indicator.file && lineOf(i) === def.indicator.line);
    if (indicator) {
        const own = onClause(indicator);
        if (own) return own;
    }
    return ws.config.defaultSource ? { how: 'workspace' } : { how: 'only' };
}

/** The `on Source` clause of an indicator, else of its cohort, as a source pick. */
export function onClause(indicator: ast.Indicator): SourcePick | undefined {
    const mine = indicator.clauses.find(ast.isOnSourceClause);
    if (mine?.source?.ref) return { how: 'on', element: `indicator ${indicator.name}`, file: documentPath(mine), line: lineOf(mine) };
    const cohort = indicator.clauses.find(ast.isCohortRefClause)?.cohort.ref;
    const theirs = cohort?.clauses.find(ast.isOnSourceClause);
    if (cohort && theirs?.source?.ref) return { how: 'on', element: `cohort ${cohort.name}`, file: documentPath(theirs), line: lineOf(theirs) };
    return undefined;
}
