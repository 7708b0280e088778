// The one CSV writer every output uses (run, funnel, records, published figures, generated and example data), in two
// dialects: `default` is RFC 4180 (comma, decimal point, no byte-order mark); `nl` is what Excel with Dutch regional
// settings opens by double-click: semicolon separator, decimal comma, and a UTF-8 byte-order mark (without it Excel
// reads the file as Windows-1252 and garbles "—" and "ë").

export const CSV_DIALECTS = ['default', 'nl'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

/** A number as its written decimal text (`15.7`, `-1.0`, `53`): the dialect decides the decimal mark. */
export interface CsvNumber {
    readonly number: string;
}

/** A field: text written as it is, or a number. */
export type CsvValue = string | CsvNumber;

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** A shown figure as a CSV value: a number when it is one, else its text as it is (`<5`, `x`, empty). */
export function csvNumber(text: string): CsvValue {
    return NUMBER.test(text) ? { number: text } : text;
}

export function csvSeparator(dialect: CsvDialect = 'default'): string {
    return dialect === 'nl' ? ';' : ',';
}

/** What a CSV document of the dialect starts with: the UTF-8 byte-order mark for `nl`, nothing otherwise. */
export function csvStart(dialect: CsvDialect = 'default'): string {
    return dialect === 'nl' ? '\uFEFF' : '';
}

/** One field: a number with the dialect's decimal mark; quoted only when it holds the separator, a quote or a line break. */
export function csvField(value: CsvValue, dialect: CsvDialect = 'default'): string {
    const text = typeof value === 'string' ? value : dialect === 'nl' ? value.number.replace('.', ',') : value.number;
    const special = dialect === 'nl' ? /[";\r\n]/ : /[",\r\n]/;
    return special.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line end. */
export function csvLine(values: readonly CsvValue[], dialect: CsvDialect = 'default'): string {
    return values.map((v) => csvField(v, dialect)).join(csvSeparator(dialect));
}

/** Records as a whole document: the dialect's start, one line each, `\n` after every line. */
export function csvDocument(records: ReadonlyArray<readonly CsvValue[]>, dialect: CsvDialect = 'default'): string {
    return csvStart(dialect) + records.map((r) => `${csvLine(r, dialect)}\n`).join('');
}
