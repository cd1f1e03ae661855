import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';
import { FONT_FAMILY } from './charts/theme.js';
import { hydrate } from './hydrate.js';

/** The charts' font family as a regular expression (set once by the page's stylesheet instead). */
const FAMILY = FONT_FAMILY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The package's CommonJS build is one prebuilt file that loads in ~0.15 s; its ESM entry is
// hundreds of modules that take ~1 s to load. Same library, same version, same API.
let echarts: typeof EChartsModule | undefined;
function lib(): typeof EChartsModule {
  echarts ??= createRequire(import.meta.url)('echarts') as typeof EChartsModule;
  return echarts;
}

/** Renders a chart specification to an SVG string on the server (ECharts SSR, no DOM), compacted (see {@link compactSvg}). */
export function renderSvg(spec: Record<string, unknown>, width: number, height: number): string {
  const chart = lib().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(hydrate(spec) as EChartsModule.EChartsOption);
    return compactSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** A number in as few characters as SVG allows: 0.5 → .5, -0.5 → -.5, 3.0 → 3. */
function short(v: number): string {
  const s = String(Math.round(v * 10) / 10);
  return s.replace(/^(-?)0\./, '$1.');
}

/**
 * A path of absolute moves and lines (`M x y L x y …`, what line and area charts draw) as
 * relative ones (`M x y l dx dy dx dy …`) at 0.1 px: about half the characters, the same
 * picture. Paths with curves or arcs are left as they are.
 */
export function relativePath(d: string): string {
  if (/[^MLZ\d\s.,eE-]/.test(d)) return d;
  const tokens = d.match(/[MLZ]|-?[\d.]+(?:e-?\d+)?/g) ?? [];
  const out: string[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let last = '';
  for (let i = 0; i < tokens.length; ) {
    const cmd = tokens[i++];
    if (cmd === 'Z') {
      out.push('z');
      [x, y] = [startX, startY];
      last = 'z';
      continue;
    }
    const nx = Math.round(Number(tokens[i++]) * 10) / 10;
    const ny = Math.round(Number(tokens[i++]) * 10) / 10;
    if (cmd === 'M') {
      out.push(`M${short(nx)} ${short(ny)}`);
      [startX, startY] = [nx, ny];
      last = 'M';
    } else {
      const dx = short(nx - x);
      const dy = short(ny - y);
      // after a relative line, more pairs continue it; a negative number needs no separator
      const sep = last === 'l' ? (dx.startsWith('-') ? '' : ' ') : 'l';
      out.push(`${sep}${dx}${dy.startsWith('-') ? '' : ' '}${dy}`);
      last = 'l';
    }
    [x, y] = [nx, ny];
  }
  return out.join('');
}

/**
 * ECharts' SVG without what a static page does not use: the hover-only style blocks and their
 * classes, `pointer-events`, the font family on every text (the page's stylesheet sets it),
 * and absolute path coordinates (made relative).
 */
export function compactSvg(svg: string): string {
  return svg
    .replace(/<style[^>]*><!\[CDATA\[[\s\S]*?\]\]><\/style>/g, '')
    // lines drawn with no stroke (the invisible lower edges of stacked bands) draw nothing
    .replace(/<path d="[^"]*" fill="none"[^>]* stroke-opacity="0"[ >][^>]*?>?<\/path>/g, '')
    .replace(new RegExp(`font: (\\w+) (\\w+) (\\d+(?:\\.\\d+)?px) ${FAMILY}`, 'g'), (_, style: string, weight: string, size: string) =>
      [`font-size:${size}`, style !== 'normal' ? `font-style:${style}` : '', weight !== 'normal' ? `font-weight:${weight}` : ''].filter(Boolean).join(';'),
    )
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    // inline in HTML: no namespaces or profile needed, and the transparent background rectangle draws nothing
    .replace(/ xmlns(?::xlink)?="[^"]*"| version="1\.1"| baseProfile="full"/g, '')
    .replace(/<rect width="[\d.]+" height="[\d.]+" x="0" y="0" fill="none"><\/rect>/, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(new RegExp(`font-family:${FAMILY};?`, 'g'), '')
    .replace(/ d="([^"]*)"/g, (_, d: string) => ` d="${relativePath(d)}"`)
    .replace(/translate\((-?[\d.]+) (-?[\d.]+)\)/g, (_, x: string, y: string) => `translate(${short(Number(x))} ${short(Number(y))})`)
    .replace(/\n/g, '');
}
