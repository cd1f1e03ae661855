import { describe, expect, it } from 'vitest';
import { compactSvg, relativePath } from './render-svg.js';

/** The absolute points a path visits (M/L/Z absolute or m/l relative), for comparing shapes. */
function points(d: string): [number, number][] {
  const out: [number, number][] = [];
  const tokens = d.match(/[MLZmlz]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  let x = 0;
  let y = 0;
  let cmd = '';
  for (let i = 0; i < tokens.length; ) {
    if (/[MLZmlz]/.test(tokens[i])) cmd = tokens[i++];
    if (cmd === 'Z' || cmd === 'z') continue;
    const a = Number(tokens[i++]);
    const b = Number(tokens[i++]);
    [x, y] = cmd === 'M' || cmd === 'L' ? [a, b] : [x + a, y + b];
    out.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  }
  return out;
}

describe('compact SVG', () => {
  it('relative paths visit the same points, at 0.1 px, in fewer characters', () => {
    const d = 'M46.1 179.1L49.4 187.1L52.6 187.1L55.8 186.3L59 185.5L62.25 -0.5L0.05 10Z';
    const rel = relativePath(d);
    expect(points(rel)).toEqual(points(d.replace('62.25', '62.3').replace('0.05', '0.1')));
    // a chart's line: 180 small steps
    const line = 'M46.1 179.1' + Array.from({ length: 180 }, (_, k) => `L${(49.4 + 3.2 * k).toFixed(1)} ${(180 + 8 * Math.sin(k / 9)).toFixed(1)}`).join('');
    expect(points(relativePath(line))).toEqual(points(line));
    expect(relativePath(line).length).toBeLessThan(line.length * 0.6);
    // curves are left alone
    expect(relativePath('M0 0C1 1 2 2 3 3')).toBe('M0 0C1 1 2 2 3 3');
  });

  it('drops hover styles, their classes and the per-text font family', () => {
    const svg = '<svg><style ><![CDATA[\n.zr0-cls-0:hover {\npointer-events:none;\n}\n]]></style>\n<text style="font-size:11px;font-family:system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;" class="zr0-cls-0" pointer-events="visible">x</text></svg>';
    expect(compactSvg(svg)).toBe('<svg><text style="font-size:11px;">x</text></svg>');
    const axis = '<text style="font: normal bolder 11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif" y="5.5">Mar</text>';
    expect(compactSvg(axis)).toBe('<text style="font-size:11px;font-weight:bolder" y="5.5">Mar</text>');
  });

  it('drops lines that draw nothing, keeps those that draw', () => {
    const hidden = '<path d="M0 0L1 1" fill="none" stroke="#5070dd" stroke-width="0" stroke-opacity="0" stroke-linejoin="bevel"></path>';
    const shown = '<path d="M0 0L1 1" fill="none" stroke="#64748b" stroke-width="0.8" stroke-opacity="0.45" stroke-linejoin="bevel"></path>';
    expect(compactSvg(`<svg>${hidden}${shown}</svg>`)).toBe(`<svg>${shown.replace('M0 0L1 1', 'M0 0l1 1')}</svg>`);
  });
});
