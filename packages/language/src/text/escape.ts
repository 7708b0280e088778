// Escaping text for the two formats every output writes by hand: HTML pages and CSV files. One copy of each, so a
// fix to quoting reaches every page and file.

/** Text as HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** RFC 4180: a field is quoted only when it holds a comma, a double quote or a line break. */
export function csvField(value: string): string {
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
