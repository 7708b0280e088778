// Words the compare renderers (text and HTML) share.
import type { Comparison } from '@stroom/language';

export const KIND_TEXT: Record<Comparison['kind'], string> = {
    definitions: 'two definitions, the same data / twee definities, dezelfde gegevens',
    sources: 'one definition, two sources / één definitie, twee bronnen',
    published: 'a definition against published figures / een definitie naast gepubliceerde cijfers',
};

/** Funnel steps in words (the clause that drops a person). */
export const STEP_TEXT: Record<string, string> = {
    base: 'no record on the peildatum (unknown there)', entry: 'entry (not new in the unit)', sector: 'sector',
    prior: 'prior education', inflow: 'inflow', mode: 'mode', level: 'level', funded: 'funded', mainOnly: 'main enrollment',
    ageBelow: 'age',
};
