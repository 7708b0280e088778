// Which record kinds a definition reads, and what is missing when a source does not map them (SEMANTICS.md).
// One list for lint (the indicator's `on` source) and for plan (any source, `run --source` included), so a
// definition that needs diplomas never reaches SQL on a source without them.
import type { Definition, RecordKind, SourceSpec } from '../definition/types.js';
import { ANCHOR_ATTRIBUTES } from '../validation/validator.js';

export interface MissingRecords {
    /** The record kind the source lacks (for age: persons, or their birth date). */
    readonly record: Exclude<RecordKind, 'figures' | 'enrollments'>;
    /** A field of that kind the definition reads, when the mapping exists but lacks it. */
    readonly field?: string;
    /**
     * error: the figure would be wrong or cannot be computed; warning: the figure is computed, but an outcome
     * never occurs (nobody graduates), so the figure means something else than the measure says.
     */
    readonly severity: 'error' | 'warning';
    readonly en: string;
    readonly nl: string;
}

/** Why the definition reads each record kind, in the order a reader meets them (cohort, filters, measure). */
function reasons(def: Definition): Array<Omit<MissingRecords, 'field'> & { field?: string }> {
    const c = def.choices;
    const out: Array<Omit<MissingRecords, 'field'> & { field?: string }> = [];
    const kind = def.cohort.kind;
    const m = def.measure.name;
    const diplomasCount = c.diploma?.value.counts ?? true;
    if (kind === 'graduating') {
        out.push({ record: 'diplomas', severity: 'error', en: 'a graduating cohort is made of diplomas', nl: 'een cohort gediplomeerden bestaat uit diploma\'s' });
    } else if (kind === 'leaving') {
        out.push({ record: 'diplomas', severity: 'error', en: 'jaarresultaat counts the diplomas of the year', nl: 'het jaarresultaat telt de diploma\'s van het jaar' });
    }
    const inflow = c.inflow?.value.kind;
    if (inflow === 'direct' || inflow === 'indirect') {
        out.push({ record: 'prior education', severity: 'error', en: `inflow ${inflow} is judged by the prior education's diploma year`, nl: `instroom ${inflow === 'direct' ? 'direct' : 'indirect'} volgt uit het diplomajaar van de vooropleiding` });
    }
    if (c.prior.value !== 'any') out.push({ record: 'prior education', severity: 'error', en: 'the prior filter tests the prior education', nl: 'het filter prior toetst de vooropleiding' });
    for (const b of def.breakdown) {
        if (b === 'prior' || b === 'inflow') {
            out.push({ record: 'prior education', severity: 'error', en: `the breakdown by ${b} reads the prior education`, nl: `de uitsplitsing naar ${b} leest de vooropleiding` });
        } else if (!(ANCHOR_ATTRIBUTES as readonly string[]).includes(b)) {
            out.push({ record: 'persons', severity: 'error', en: `the breakdown by ${b} is a person attribute`, nl: `de uitsplitsing naar ${b} is een kenmerk van de persoon` });
        }
    }
    if (c.ageBelow.value !== null) {
        out.push({ record: 'persons', field: 'birth date', severity: 'error', en: 'the age filter needs the persons\' birth date', nl: 'het leeftijdsfilter vraagt de geboortedatum van de personen' });
    }
    if (m === 'vsv') {
        out.push({ record: 'diplomas', severity: 'error', en: 'vsv needs diplomas for the startkwalificatie: without them every leaver is a vsv\'er', nl: 'vsv vraagt diploma\'s voor de startkwalificatie: zonder telt elke vertrekker als vsv\'er' });
    } else if (m === 'startersresultaat') {
        out.push({ record: 'diplomas', severity: 'error', en: 'startersresultaat counts a diploma at the institution as success', nl: 'het startersresultaat telt een diploma bij de instelling als succes' });
    } else if (m === 'success' && diplomasCount) {
        out.push({ record: 'diplomas', severity: 'error', en: 'success counts the graduated', nl: 'studiesucces telt de gediplomeerden' });
    } else if ((m === 'dropout' || m === 'switch' || m === 'retention') && diplomasCount) {
        // Still a figure (who is where on the horizon), but graduates who left count as dropouts: say so.
        out.push({ record: 'diplomas', severity: 'warning', en: `${m} comes after graduated: without diplomas nobody graduates, and graduates who left count as dropouts (write \`diploma ignored\` if that is meant)`, nl: `${m} komt na gediplomeerd: zonder diploma's slaagt niemand en telt wie met diploma vertrok als uitvaller (schrijf \`diploma ignored\` als dat de bedoeling is)` });
    } else if (m === 'destination' && kind === 'entering') {
        out.push({ record: 'diplomas', severity: 'warning', en: 'destination\'s first category is graduated: without diplomas nobody graduates', nl: 'de eerste bestemming is gediplomeerd: zonder diploma\'s slaagt niemand' });
    }
    return out;
}

/**
 * What the definition needs that the source does not map: one entry per record kind (the first reason; an error
 * before a warning). Published-figures sources are not judged here (`published-source`).
 */
export function missingRecords(def: Definition, source: SourceSpec): MissingRecords[] {
    if (source.mappings.some((m) => m.record === 'figures')) return [];
    const out = new Map<string, MissingRecords>();
    const all = reasons(def).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const r of all) {
        const mapping = source.mappings.find((m) => m.record === r.record);
        if (mapping && (!r.field || mapping.fields[r.field] !== undefined)) continue;
        const key = r.record;
        if (out.has(key)) continue;
        out.set(key, mapping ? r : { record: r.record, severity: r.severity, en: r.en, nl: r.nl });
    }
    return [...out.values()];
}

/** The message of a missing record kind, in English and Dutch: the source, the missing mapping and why. */
export function missingRecordsMessage(indicator: string, source: string, m: MissingRecords): string {
    const what = m.field
        ? `maps no '${m.field}' in its ${m.record} mapping`
        : `has no \`${m.record} from ...\` mapping`;
    const wat = m.field
        ? `koppelt geen '${m.field}' in zijn koppeling voor ${m.record}`
        : `heeft geen koppeling \`${m.record} from ...\``;
    return `${indicator} on source ${source}: ${source} ${what}, and ${m.en}. / ${indicator} op bron ${source}: ${source} ${wat}, en ${m.nl}.`;
}
