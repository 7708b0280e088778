// Words the compare renderers (text and HTML) share.
import type { Bridge, Comparison } from '@stroom/language';

export const KIND_TEXT: Record<Comparison['kind'], string> = {
    definitions: 'two definitions, the same data / twee definities, dezelfde gegevens',
    sources: 'one definition, two sources / één definitie, twee bronnen',
    published: 'a definition against published figures / een definitie naast gepubliceerde cijfers',
};

/** Funnel steps in words (the clause that drops a person). */
export const STEP_TEXT: Record<string, string> = {
    base: 'no record on the peildatum (unknown there)', entry: 'entry (not new in the unit)', sector: 'sector',
    prior: 'prior education', inflow: 'inflow', mode: 'mode', level: 'level', funded: 'funded', mainOnly: 'main enrollment',
    mainAnchorOnly: 'main anchor', history: 'history (no earlier enrollment in the sector)', ageBelow: 'age',
};

/**
 * Why a bridge's total is hidden although it is large: it sums a side's yearly counts, one of which is hidden, and
 * the total minus the shown years would give that one back.
 */
export function hiddenTotalsNote(b: Bridge, leftLabel: string, rightLabel: string): string {
    const sides = [b.hiddenEnds?.start.length ? leftLabel : '', b.hiddenEnds?.end.length ? rightLabel : ''].filter(Boolean);
    const who = sides.length ? sides.join(' and ') : `${leftLabel} or ${rightLabel}`;
    const years = `${b.years[0]}-${b.years[b.years.length - 1]}`;
    return `The total over ${years} of ${who} is hidden: minus the yearly figures shown above, it would give a hidden count back. `
        + `/ Het totaal over ${years} is verborgen: min de getoonde jaarcijfers zou het een verborgen aantal teruggeven.`;
}

/** Why a published cell beside one of ours is left out (PublishedPair.withheld). */
export const WITHHELD_NOTE = 'x in the published columns: the publisher\'s figure beside a count Stroom hides is left out; with the '
    + 'sizes and categories shown it would give a hidden count back. / x in de gepubliceerde kolommen: het gepubliceerde cijfer naast '
    + 'een verborgen aantal is weggelaten, omdat het met de getoonde aantallen een verborgen aantal zou teruggeven.';
