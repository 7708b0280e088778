// DuckDB: files are read in place with read_csv / read_parquet; strptime parses dates.
import type { DataFileSpec } from '../definition/types.js';
import { quoteIdentStandard, quoteStringStandard, strftimeFormat, type Dialect } from './dialect.js';
import { assertMayRead } from '../workspace/data-access.js';
import { FILE, LINE, q, ROW, TEXT, WIDTH } from './internal.js';

export const duckdb: Dialect = {
    name: 'duckdb',
    quoteIdent: quoteIdentStandard,
    quoteString: quoteStringStandard,
    readFile(file: DataFileSpec, delimiter: string, shownPath?: string): string {
        if (file.format === 'table') {
            throw new Error(`${file.written} is a database table: it is read on PostgreSQL only (--engine postgres)`);
        }
        // Every read DuckDB does goes through here: the workspace's rules are checked again, before the SQL exists.
        assertMayRead(file);
        const path = quoteStringStandard(shownPath ?? file.path);
        const encoding = file.encoding ? `, encoding = ${quoteStringStandard(file.encoding)}` : '';
        if (file.format === 'records') {
            // Whole lines, each with its file (a pattern reads several) and its line number in that file.
            return `(SELECT ${q(ROW)}, ${q(FILE)}, ${q(ROW)} - min(${q(ROW)}) OVER (PARTITION BY ${q(FILE)}) + 1 AS ${q(LINE)}, ${q(TEXT)} FROM (SELECT row_number() OVER () AS ${q(ROW)}, "filename" AS ${q(FILE)}, ${q(TEXT)} FROM read_csv(${path}, header = false, columns = {'${TEXT}': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', filename = true${encoding})))`;
        }
        if (file.format === 'fixed width') {
            // Each line is one record: read it whole (a control character as delimiter), then cut the fields.
            const fields = (file.layout?.fields ?? []).map((f) => `trim(substr(${q(TEXT)}, ${f.start}, ${f.width})) AS ${quoteIdentStandard(f.name)}`);
            return `(SELECT ${[`row_number() OVER () AS ${q(ROW)}`, `length(${q(TEXT)}) AS ${q(WIDTH)}`, ...fields].join(', ')} FROM read_csv(${path}, header = false, columns = {'${TEXT}': 'VARCHAR'}, delim = chr(1), quote = '', escape = ''${encoding}))`;
        }
        // row_number() over the plain scan keeps file order (DuckDB preserves insertion order by default).
        if (file.format === 'parquet') {
            return `(SELECT row_number() OVER () AS ${q(ROW)}, COLUMNS(*)::VARCHAR FROM read_parquet(${path}))`;
        }
        return `(SELECT row_number() OVER () AS ${q(ROW)}, * FROM read_csv(${path}, header = true, all_varchar = true, delim = ${quoteStringStandard(delimiter)}, quote = '"', escape = '"'${encoding}))`;
    },
    parseDate(text: string, format: string): string {
        return `CAST(strptime(${text}, ${quoteStringStandard(strftimeFormat(format))}) AS DATE)`;
    },
    tryParseDate(text: string, format: string): string {
        return `CAST(try_strptime(${text}, ${quoteStringStandard(strftimeFormat(format))}) AS DATE)`;
    },
    fullMatch(text: string, pattern: string): string {
        return `regexp_full_match(${text}, ${quoteStringStandard(pattern)})`;
    },
    isYear(text: string): string {
        return `regexp_full_match(${text}, '[0-9]{4}')`;
    },
    codePoint(text: string): string {
        // DuckDB compares VARCHAR by byte, which for UTF-8 is code-point order.
        return text;
    },
};
