// The one catalogue of diagnostic codes. Codes are stable: CI users grep and suppress them, quick fixes key on them.

export const CODES = {
    'missing-choice': { severity: 'error', en: 'A choice that changes the figure is left implicit.', nl: 'Een keuze die het cijfer verandert is niet gemaakt.' },
    'convention-override': { severity: 'warning', en: 'An explicit value overrides the convention\'s value.', nl: 'Een expliciete waarde overschrijft die van de conventie.' },
    'missing-cohort': { severity: 'error', en: 'An indicator names no cohort.', nl: 'Een indicator noemt geen cohort.' },
    'missing-measure': { severity: 'error', en: 'An indicator has no measure.', nl: 'Een indicator heeft geen maat.' },
    'invalid-measure-for-kind': { severity: 'error', en: 'This measure is not defined for this kind of cohort.', nl: 'Deze maat bestaat niet voor dit soort cohort.' },
    'fixed-horizon': { severity: 'error', en: 'This measure has its own fixed period; the horizon cannot be chosen.', nl: 'Deze maat heeft een vaste periode.' },
    'clause-not-allowed': { severity: 'error', en: 'This clause does not belong in this kind of element.', nl: 'Deze regel hoort niet in dit soort element.' },
    'duplicate-clause': { severity: 'error', en: 'The same choice is set twice.', nl: 'Dezelfde keuze staat er twee keer.' },
    'duplicate-name': { severity: 'error', en: 'Two elements have the same qualified name.', nl: 'Twee elementen hebben dezelfde naam.' },
    'unresolved-import': { severity: 'error', en: 'An import names nothing in the workspace.', nl: 'Een import verwijst naar niets in de werkmap.' },
    'unknown-code': { severity: 'error', en: 'A code outside the vocabulary of its field.', nl: 'Een code buiten de woordenlijst van het veld.' },
    'invalid-date': { severity: 'error', en: 'A date or day-month that does not exist, or an empty range.', nl: 'Een datum die niet bestaat, of een lege periode.' },
    'missing-field': { severity: 'error', en: 'A mapping lacks a required field.', nl: 'Een koppeling mist een verplicht veld.' },
    'unknown-field': { severity: 'error', en: 'A mapping sets a field its record does not have.', nl: 'Een koppeling vult een veld dat niet bestaat.' },
    'duplicate-field': { severity: 'error', en: 'A mapping sets a field twice.', nl: 'Een koppeling vult een veld twee keer.' },
    'field-type': { severity: 'error', en: 'A value expression that does not fit the field.', nl: 'Een waarde die niet bij het veld past.' },
    'duplicate-mapping': { severity: 'error', en: 'A source maps the same kind of record twice.', nl: 'Een bron koppelt hetzelfde soort record twee keer.' },
    'missing-mapping': { severity: 'error', en: 'A source has no enrollments mapping.', nl: 'Een bron heeft geen koppeling voor inschrijvingen.' },
    'unknown-column': { severity: 'error', en: 'A mapping names a column the data file does not have.', nl: 'Een koppeling noemt een kolom die het bestand niet heeft.' },
    'invalid-layout': { severity: 'error', en: 'A fixed-width layout that is missing, unreadable, overlapping or leaves gaps.', nl: 'Een lay-out die ontbreekt, overlapt of gaten laat.' },
    'data-file-missing': { severity: 'warning', en: 'A data file is not there (yet); lint goes on, run will fail.', nl: 'Een databestand ontbreekt; lint gaat door, run faalt.' },
    'unknown-attribute': { severity: 'error', en: 'A breakdown by an attribute no record has.', nl: 'Een uitsplitsing naar een kenmerk dat niet bestaat.' },
    'example-failed': { severity: 'error', en: 'An example\'s expectation does not hold.', nl: 'Een verwachting van een voorbeeld klopt niet.' },
    'example-error': { severity: 'error', en: 'An example cannot be checked (its definition is incomplete, say).', nl: 'Een voorbeeld kan niet worden gecontroleerd.' },
    'parse-error': { severity: 'error', en: 'The text does not follow the grammar.', nl: 'De tekst volgt de grammatica niet.' },
    'unresolved-reference': { severity: 'error', en: 'A reference names nothing in scope.', nl: 'Een verwijzing wijst naar niets.' },
} as const;

export type DiagnosticCode = keyof typeof CODES;
