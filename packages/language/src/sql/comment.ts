// The one way user text (titles, descriptions, citations, paths, clause text) enters SQL: as comment lines. SQL text
// reaches the database as a C string, so a NUL would end the query in the middle of a comment (DuckDB then ran the
// header alone and returned no rows); a line break would end the comment and run the rest as SQL; a star-slash
// would close a block comment around it. Every comment line the printers write goes through commentLines.

/** Control characters (C0 but tab, DEL, C1) and Unicode line and paragraph separators. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

// One line of text made safe inside an SQL comment: unsafe characters as \xNN / \uNNNN, star-slash as `* /`.
export function commentSafe(line: string): string {
    return line
        .replace(UNSAFE, (ch) => {
            const code = ch.charCodeAt(0);
            return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
        })
        .replace(/\*\//g, '* /');
}

/** Text as `-- ` comment lines: one per line of the text (CRLF, CR or LF), each made safe. */
export function commentLines(text: string): string[] {
    return text.split(/\r\n|\r|\n/).map((line) => `-- ${commentSafe(line)}`);
}
