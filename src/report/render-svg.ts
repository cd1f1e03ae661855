import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';
import { hydrate } from './hydrate.js';

// The package's CommonJS build is one prebuilt file that loads in ~0.15 s; its ESM entry is
// hundreds of modules that take ~1 s to load. Same library, same version, same API.
let echarts: typeof EChartsModule | undefined;
function lib(): typeof EChartsModule {
  echarts ??= createRequire(import.meta.url)('echarts') as typeof EChartsModule;
  return echarts;
}

/** Renders a chart specification to an SVG string on the server (ECharts SSR, no DOM). */
export function renderSvg(spec: Record<string, unknown>, width: number, height: number): string {
  const chart = lib().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(hydrate(spec) as EChartsModule.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
