// Which record kinds a definition reads, and what is missing when a source does not map them (SEMANTICS.md).
// One list for lint (the indicator's `on` source) and for plan (any source, `run --source` included), so a
// definition that needs diplomas never reaches SQL on a source without them.
import type { Definition, RecordKind, SourceSpec } from '../definition/types.js';
import { ANCHOR_ATTRIBUTES } from '../vocabulary.js';

export interface MissingRecords {
    /** The record kind the source lacks (for age: persons, or their birth date). */
    /** (Enrollments only for a field: every source maps them, or it fails earlier.) */
    readonly record: Exclude<RecordKind, 'figures'>;
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
    } else if (kind === 'deregistration') {
        out.push({ record: 'diplomas', severity: 'error', en: 'a de-registration is an enrollment that ended without a final diploma at the institution', nl: 'een uitschrijving is een inschrijving die eindigde zonder einddiploma bij de instelling' });
        out.push({ record: 'diplomas', field: 'institution', severity: 'error', en: 'a de-registration is an enrollment that ended without a final diploma at the institution (a diploma is matched on its institution)', nl: 'een uitschrijving eindigt zonder einddiploma bij de instelling (een diploma telt naar zijn instelling)' });
        const reasons = c.leaveReasons?.value ?? 'any';
        if (reasons !== 'any' || def.breakdown.includes('leave reason')) {
            out.push({ record: 'enrollments', field: 'leave reason', severity: 'error', en: `${reasons !== 'any' ? 'the leave reason filter' : 'the breakdown by leave reason'} reads the enrollment's leave reason`, nl: `${reasons !== 'any' ? 'het filter op reden' : 'de uitsplitsing naar reden'} leest de reden van uitschrijving` });
        }
    }
    const inflow = c.inflow?.value.kind;
    if (inflow === 'direct' || inflow === 'indirect') {
        out.push({ record: 'prior education', severity: 'error', en: `inflow ${inflow} is judged by the prior education's diploma year`, nl: `instroom ${inflow === 'direct' ? 'direct' : 'indirect'} volgt uit het diplomajaar van de vooropleiding` });
    }
    if (c.prior.value !== 'any') out.push({ record: 'prior education', severity: 'error', en: 'the prior filter tests the prior education', nl: 'het filter prior toetst de vooropleiding' });
    for (const b of def.breakdown) {
        if (b === 'prior' || b === 'inflow') {
            out.push({ record: 'prior education', severity: 'error', en: `the breakdown by ${b} reads the prior education`, nl: `de uitsplitsing naar ${b} leest de vooropleiding` });
        } else if (!(ANCHOR_ATTRIBUTES as readonly string[]).includes(b) && b !== 'leave reason' && b !== 'leave timing') {
            out.push({ record: 'persons', severity: 'error', en: `the breakdown by ${b} is a person attribute`, nl: `de uitsplitsing naar ${b} is een kenmerk van de persoon` });
        }
    }
    if (c.ageBelow.value !== null) {
        out.push({ record: 'persons', field: 'birth date', severity: 'error', en: 'the age filter needs the persons\' birth date', nl: 'het leeftijdsfilter vraagt de geboortedatum van de personen' });
    }
    // A diploma is matched to the anchor on fields (the scope, the institution, the level): a source whose diplomas
    // lack such a field has diplomas that never match, as if it had none. Each reason names the record, then the
    // fields it reads.
    const diplomas = (severity: 'error' | 'warning', fields: readonly string[], en: string, nl: string) => {
        out.push({ record: 'diplomas', severity, en, nl });
        for (const field of fields) {
            out.push({ record: 'diplomas', field, severity, en: `${en} (a diploma is matched on its ${field})`, nl: `${nl} (een diploma telt naar zijn ${field})` });
        }
    };
    const scope = c.scope?.value;
    const scopeFields = scope === undefined || scope === 'education' ? [] : scope === 'institution-programme' ? ['institution', 'programme'] : [scope];
    if (m === 'vsv') {
        diplomas('error', ['level'], 'vsv needs diplomas for the startkwalificatie (havo, vwo, mbo-2..4 by level): without them every leaver is a vsv\'er',
            'vsv vraagt diploma\'s voor de startkwalificatie (havo, vwo, mbo-2..4 naar niveau): zonder telt elke vertrekker als vsv\'er');
    } else if (m === 'startersresultaat') {
        diplomas('error', ['institution'], 'startersresultaat counts a diploma at the institution as success', 'het startersresultaat telt een diploma bij de instelling als succes');
    } else if (m === 'jaarresultaat') {
        diplomas('error', ['institution', 'sector', 'level'], 'jaarresultaat counts the mbo diplomas of level 2-4 at the institution', 'het jaarresultaat telt de mbo-diploma\'s van niveau 2-4 bij de instelling');
    } else if (m === 'success' && diplomasCount) {
        diplomas('error', scopeFields, `success counts the graduated${scopeFields.length > 0 ? ` within scope ${scope}` : ''}`, `studiesucces telt de gediplomeerden${scopeFields.length > 0 ? ` binnen scope ${scope}` : ''}`);
    } else if ((m === 'dropout' || m === 'switch' || m === 'retention') && diplomasCount) {
        // Still a figure (who is where on the horizon), but graduates who left count as dropouts: say so.
        diplomas('warning', scopeFields, `${m} comes after graduated: without diplomas nobody graduates, and graduates who left count as dropouts (write \`diploma ignored\` if that is meant)`,
            `${m} komt na gediplomeerd: zonder diploma's slaagt niemand en telt wie met diploma vertrok als uitvaller (schrijf \`diploma ignored\` als dat de bedoeling is)`);
    } else if (m === 'destination' && kind === 'entering') {
        const entry = c.entry?.value;
        const entryFields = entry === undefined || entry === 'education' ? [] : entry === 'institution-programme' ? ['institution', 'programme'] : [entry];
        diplomas('warning', entryFields, 'destination\'s first category is graduated: without diplomas nobody graduates', 'de eerste bestemming is gediplomeerd: zonder diploma\'s slaagt niemand');
    }
    return out;
}

/**
 * What the definition needs that the source does not map: one entry per missing record kind, or per missing field
 * of a mapped one (the first reason; an error before a warning). Published-figures sources are not judged here
 * (`published-source`).
 */
export function missingRecords(def: Definition, source: SourceSpec): MissingRecords[] {
    if (source.mappings.some((m) => m.record === 'figures')) return [];
    const out = new Map<string, MissingRecords>();
    const all = reasons(def).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const r of all) {
        const mapping = source.mappings.find((m) => m.record === r.record);
        if (mapping && (!r.field || mapping.fields[r.field] !== undefined)) continue;
        // Without the mapping, one finding for the record kind; with it, one per missing field.
        const key = mapping ? `${r.record}\0${r.field}` : r.record;
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
