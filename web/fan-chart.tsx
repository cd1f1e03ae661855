import * as echarts from 'echarts';
import { useEffect, useRef } from 'preact/hooks';
import { fanOption } from '../src/report/charts/fan.js';
import { hydrate } from '../src/report/hydrate.js';
import type { SignalSummary } from '../src/results/types.js';

/** A fan chart drawn with ECharts in the page, from the report's own specification and theme. */
export function FanChart(props: { name: string; signal: SignalSummary }) {
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
    chart.current?.setOption(hydrate(fanOption({ signal: props.signal, samples: [] })), { notMerge: true });
  }, [props.signal]);
  return (
    <figure class="card" data-fan={props.name} style="margin:0">
      <h3 style="margin:0">{props.name}</h3>
      <div ref={el} class="fan" />
    </figure>
  );
}
