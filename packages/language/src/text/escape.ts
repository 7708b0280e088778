// Escaping text for HTML pages, one copy, so a fix to quoting reaches every page (CSV fields: csv.ts).

/** Text as HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
