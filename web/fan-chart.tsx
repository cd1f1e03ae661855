import * as echarts from 'echarts';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { fanOption } from '../src/report/charts/fan.js';
import { pointColor, sweepSignalOption } from '../src/report/charts/sweep.js';
import { hydrate } from '../src/report/hydrate.js';
import type { SignalSummary } from '../src/results/types.js';

/** An ECharts chart (SVG) in the page, redrawn when `option` changes: the report's own specifications and theme. */
function useChart(option: Record<string, unknown>) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(el.current!, undefined, { renderer: 'svg' });
    const resize = () => chart.current?.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(hydrate(option), { notMerge: true });
  }, [option]);
  return el;
}

/** A fan chart of one signal, as the report draws it. */
export function FanChart(props: { name: string; signal: SignalSummary }) {
  const el = useChart(useMemo(() => fanOption({ signal: props.signal, samples: [] }), [props.signal]));
  return (
    <figure class="card" data-fan={props.name} style="margin:0">
      <h3 style="margin:0">{props.name}</h3>
      <div ref={el} class="fan" />
    </figure>
  );
}

/** One signal of several runs on one chart (median solid, 5% and 95% dotted, a colour per run), as `cascade compare`'s report draws it. */
export function OverlayChart(props: { name: string; series: SignalSummary[]; labels: string[] }) {
  const el = useChart(useMemo(() => sweepSignalOption(props.series), [props.series]));
  return (
    <figure class="card" data-overlay={props.name} style="margin:0">
      <h3 style="margin:0">
        {props.name}{' '}
        {props.labels.map((l, k) => (
          <span class="key" style={`color:${pointColor(k)}`}>
            ━ {l}{' '}
          </span>
        ))}
      </h3>
      <div ref={el} class="fan" />
    </figure>
  );
}
