// The stylesheet of Stroom's HTML pages (the run report, the compare report): one look, inlined in each page.
export const CSS = `
:root { color-scheme: light; --muted: #666; --line: #ddd; --differs: #fff1c2; --supp: #888; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0; padding: 24px 32px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 2px; }
h3 { font-size: 15px; margin: 22px 0 8px; }
.muted, .kind .muted, h3 .muted { color: var(--muted); font-weight: normal; }
nav ol { margin: 8px 0 0; padding-left: 20px; }
section.comparison { border-top: 3px solid #4c78a8; margin-top: 28px; padding-top: 14px; }
p.kind { margin: 0; }
table { border-collapse: collapse; margin: 4px 0 8px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 6px; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f6f7f9; }
th.side { text-align: center; border-left: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.supp { color: var(--supp); font-style: italic; }
.nl, .from { display: block; color: var(--muted); font-size: 11px; }
table.choices tr.differs td { background: var(--differs); }
td.met { color: #1a7f37; } td.notmet { color: #b3261e; font-weight: bold; }
table.choices td.mark { color: #b35c00; font-weight: bold; text-align: center; width: 1.5em; }
.badge { display: inline-block; background: var(--differs); border: 1px solid #e8cf7a; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: normal; }
table.bridge tr.total td { font-weight: 600; background: #f6f7f9; }
ul.moves { margin: 0; padding-left: 16px; }
p.dropped { margin: 10px 0 2px; }
ul.notes { margin: 0; padding-left: 20px; color: #444; }
.chart { margin: 6px 0 10px; min-height: 40px; overflow-x: auto; }
.chart.failed { color: #b00020; }
p.caption { margin: -4px 0 10px; font-size: 12px; color: #444; }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: -1px; }
.key:first-child { margin-left: 0; }
.key.hidden { outline: 1px dashed #888; }
.note { background: #fff8e0; padding: 6px 10px; }
@media print { body { padding: 0; } section.comparison { break-inside: avoid-page; } }
`;
