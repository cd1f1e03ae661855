/** The report's stylesheet, inlined into the page (the file must open with no network). */
export const REPORT_CSS = `
:root {
  --ink: #0f172a; --text: #334155; --muted: #64748b; --line: #e2e8f0; --soft: #f1f5f9;
  --page: #f5f7fa; --card: #ffffff; --accent: #1d4ed8; --warn: #b91c1c; --mark: #a16207;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--text); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, .mono { font-family: var(--mono); font-size: 0.92em; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #0b1324; color: #e2e8f0; padding: 28px 0 22px; }
.wrap { max-width: 1340px; margin: 0 auto; padding: 0 28px; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.12em; font-size: 11px; color: #93c5fd; font-weight: 600; }
h1 { margin: 6px 0 8px; font-size: 28px; line-height: 1.2; color: #fff; font-weight: 650; letter-spacing: -0.01em; }
.lede { max-width: 900px; margin: 0 0 14px; color: #cbd5e1; font-size: 15px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; padding: 0; list-style: none; }
.facts li { background: rgba(148, 163, 184, 0.14); border: 1px solid rgba(148, 163, 184, 0.25); border-radius: 999px; padding: 3px 11px; font-size: 12.5px; color: #e2e8f0; }
.facts b { color: #fff; font-weight: 600; }
nav.toc { position: sticky; top: 0; z-index: 5; background: rgba(255, 255, 255, 0.94); backdrop-filter: blur(6px); border-bottom: 1px solid var(--line); }
nav.toc .wrap { display: flex; gap: 4px 18px; flex-wrap: wrap; padding-top: 9px; padding-bottom: 9px; font-size: 13px; }
nav.toc a { color: var(--text); font-weight: 500; }
main { padding: 8px 0 40px; }
section { margin-top: 30px; }
h2 { font-size: 20px; color: var(--ink); margin: 0 0 4px; font-weight: 650; letter-spacing: -0.005em; }
h2 .tag { font-family: var(--mono); font-size: 13px; color: var(--muted); font-weight: 500; margin-left: 8px; }
h3 { font-size: 15px; color: var(--ink); margin: 18px 0 8px; font-weight: 600; }
.sub { color: var(--muted); margin: 0 0 14px; max-width: 980px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 1px 2px rgba(15, 23, 42, 0.04); }
.pad { padding: 16px 18px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
.grid.wide { grid-template-columns: 1fr; }
.grid.small { grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
figure.chart { margin: 0; padding: 14px 16px 10px; break-inside: avoid; }
figure.chart h4 { margin: 0; font-family: var(--mono); font-size: 13.5px; color: var(--ink); font-weight: 600; }
figure.chart .reading { margin: 2px 0 6px; font-size: 12.5px; color: var(--text); }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: 11.5px; color: var(--muted); margin-top: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 600; background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.headline td.name { font-family: var(--mono); font-size: 12.5px; color: var(--ink); white-space: nowrap; }
.headline td.desc { color: var(--text); max-width: 420px; }
.prob { display: flex; align-items: center; gap: 10px; justify-content: flex-end; }
.prob .bar { width: 90px; height: 8px; background: var(--soft); border-radius: 4px; overflow: hidden; flex: none; }
.prob .bar i { display: block; height: 100%; background: var(--warn); border-radius: 4px; }
.prob b { font-size: 15px; color: var(--ink); min-width: 52px; text-align: right; }
.ci { display: block; font-size: 11px; color: var(--muted); }
.when .d { display: block; font-size: 11px; color: var(--muted); }
.never { color: var(--muted); font-style: italic; }
.pill { display: inline-block; font-size: 10.5px; padding: 1px 7px; border-radius: 999px; background: #eff6ff; color: #1e40af; border: 1px solid #dbeafe; margin-left: 6px; vertical-align: 1px; font-family: system-ui, sans-serif; }
.pill.model { background: #f8fafc; color: var(--muted); border-color: var(--line); }
.pill.light-green { background: #f0fdf4; color: #166534; border-color: #bbf7d0; }
.pill.light-yellow { background: #fefce8; color: #854d0e; border-color: #fde68a; }
.pill.light-red { background: #fef2f2; color: #991b1b; border-color: #fecaca; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 10px; }
.tile { padding: 10px 14px; display: flex; flex-direction: column; gap: 2px; }
.tile .k { font-family: var(--mono); font-size: 11.5px; color: var(--muted); overflow-wrap: anywhere; }
.tile .v { font-size: 18px; font-weight: 650; color: var(--ink); font-variant-numeric: tabular-nums; }
.steady td:first-child { font-family: var(--mono); font-size: 12.5px; color: var(--ink); }
.steady td.num { font-size: 13.5px; color: var(--ink); font-weight: 600; }
.subhead { font-family: var(--mono); font-size: 12.5px; color: var(--muted); margin: 18px 0 8px; text-transform: none; }
.keys { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 12px; padding: 0; list-style: none; font-size: 12.5px; }
.keys i { display: inline-block; width: 14px; height: 4px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.heat td.cell { text-align: right; font-variant-numeric: tabular-nums; }
.heat th .ci { text-transform: none; letter-spacing: 0; font-weight: 500; }
.heat td.name { font-size: 12.5px; color: var(--ink); white-space: nowrap; }
details.point { margin-top: 18px; }
details.point > summary { cursor: pointer; font-size: 16px; font-weight: 600; color: var(--ink); padding: 10px 0; }
pre { background: #0b1324; color: #e2e8f0; padding: 14px 16px; border-radius: 8px; overflow: auto; font: 12px/1.55 var(--mono); max-height: 520px; }
.kv th { width: 300px; text-transform: none; letter-spacing: 0; font-size: 12.5px; background: transparent; }
.kv td { font-family: var(--mono); font-size: 12.5px; white-space: pre-wrap; word-break: break-all; }
.note { font-size: 12.5px; color: var(--muted); }
ul.sources { margin: 6px 0 0; padding-left: 18px; color: var(--text); font-size: 13px; }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; padding: 16px 0 28px; }
@media (max-width: 700px) { .grid { grid-template-columns: 1fr; } .wrap { padding: 0 14px; } }
@media print {
  body { background: #fff; font-size: 12px; }
  nav.toc { display: none; }
  header.top { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
  header.top h1 { color: var(--ink); } .lede { color: var(--text); } .facts li { color: var(--ink); border-color: var(--line); background: none; } .facts b { color: var(--ink); }
  .card { box-shadow: none; break-inside: avoid; }
  details.point { display: block; } details.point > summary { list-style: none; }
  pre { max-height: none; white-space: pre-wrap; background: #f8fafc; color: var(--ink); }
}
`;
