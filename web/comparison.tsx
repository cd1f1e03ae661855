import { useEffect, useState } from 'preact/hooks';
import { formatPercent, formatValue } from '../src/results/format.js';
import type { ComparisonView } from '../src/server/compare-view.js';
import { api } from './api.js';
import { compareHash, compareQuery, type CompareRoute } from '../src/server/compare-route.js';
import { OverlayChart } from './fan-chart.js';

/** Signals listed on the horizon at most (the report of `cascade compare` has them all). */
const MAX_SIGNAL_ROWS = 15;

const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;

/**
 * Two complete runs (at the route's sweep points) compared with `cascade compare`'s code
 * (GET /runs/:a/compare/:b?pointA=&pointB=): each
 * event's probability in A and B and B − A with its 95% interval (paired when the runs share
 * their paths), the signals that differ most on the horizon, and the headline fans of both.
 * Waits while either run is still going (`ready` false); `cannot` says why there is nothing to compare.
 */
export function Comparison(props: { route: CompareRoute; ready: boolean; cannot: string | null }) {
  const { a, b, pointA, pointB } = props.route;
  const [view, setView] = useState<ComparisonView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setView(null);
    setProblem(null);
    if (!props.ready) return;
    api<ComparisonView>(`/runs/${a}/compare/${b}${compareQuery(props.route)}`).then(setView, (e) => setProblem((e as Error).message));
  }, [a, b, pointA, pointB, props.ready]);
  if (problem || props.cannot)
    return (
      <section class="card" id="comparison" data-state="problem">
        <h2>Comparison</h2>
        <p class="problems">{props.cannot ?? problem}</p>
      </section>
    );
  if (!view)
    return (
      <section class="card" id="comparison" data-state="waiting">
        <h2>Comparison</h2>
        <p class="muted">{props.ready ? 'Comparing…' : 'The comparison appears when both runs are complete.'}</p>
      </section>
    );
  const [ra, rb] = view.runs;
  // the bars share one axis, symmetric about zero, as wide as the widest interval
  const scale = Math.max(0.01, ...view.events.flatMap((e) => (e.differences[1] ? [Math.abs(e.differences[1].lo), Math.abs(e.differences[1].hi)] : [])).filter(Number.isFinite));
  return (
    <section class="card" id="comparison" data-state="ready">
      <h2>
        Comparison: B − A <span class="muted">(as cascade compare {ra.ref} {rb.ref})</span> <a href={compareHash({ a: b, b: a, pointA: pointB, pointB: pointA })}>swap</a>
      </h2>
      <table class="runs">
        <tbody>
          {view.runs.map((r, k) => (
            <tr>
              <td>
                <b>{k ? 'B' : 'A'}</b>
              </td>
              <td class="name">
                <a href={`#/runs/${r.ref.split('/')[0]}`}>{r.ref}</a>
              </td>
              <td>{r.scenario}</td>
              <td class="muted">
                seed {r.seed} · {r.paths.toLocaleString('en-US')} paths · {r.steps} steps from {r.startDate}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Events: probability within the horizon, and B − A in percentage points (95% interval)</h3>
      <table id="compare-events">
        <thead>
          <tr>
            <th>Event</th>
            <th class="num">A</th>
            <th class="num">B</th>
            <th class="num">B − A</th>
            <th>interval</th>
          </tr>
        </thead>
        <tbody>
          {view.events.map((e) => {
            const d = e.differences[1];
            return (
              <tr data-compare-event={e.event} data-method={d?.method ?? ''} title={e.description}>
                <td class="name">{e.event}</td>
                {e.runs.map((r) => (
                  <td class="num">
                    {r ? (
                      <>
                        <b>{formatPercent(r.probability)}</b>
                        <div class="ci">
                          {formatPercent(r.ci.lo)} – {formatPercent(r.ci.hi)}
                        </div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                ))}
                <td class="num">
                  {d ? (
                    <>
                      <b>{points(d.difference)}</b>
                      <div class="ci">
                        [{points(d.lo)}, {points(d.hi)}] {d.method}
                      </div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{d && <DifferenceBar lo={d.lo} hi={d.hi} value={d.difference} scale={scale} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {view.events.some((e) => e.differences[1]?.why) && <p class="muted">Unpaired (Newcombe’s interval): {[...new Set(view.events.map((e) => e.differences[1]?.why).filter(Boolean))].join('; ')}</p>}
      {view.events.some((e) => e.differences[1]?.method === 'paired') && <p class="muted">Paired: the same paths in both runs (same seed and paths: common random numbers); the interval comes from the paths that disagree.</p>}
      <h3>
        Signals that differ on {view.signals[0]?.date ?? 'the horizon'}: {view.signals.length} of {view.sharedSignals} shared
      </h3>
      {view.signals.length > 0 && (
        <table id="compare-signals">
          <thead>
            <tr>
              <th>Signal</th>
              <th class="num">A median [5% – 95%]</th>
              <th class="num">B median [5% – 95%]</th>
              <th class="num">B − A (medians)</th>
            </tr>
          </thead>
          <tbody>
            {view.signals.slice(0, MAX_SIGNAL_ROWS).map((s) => (
              <tr data-compare-signal={s.signal}>
                <td class="name" title={`${s.model} · ${s.unit}`}>
                  {s.signal}
                </td>
                {s.runs.map((r) => (
                  <td class="num">
                    {formatValue(r.p50, s.unit, { perUnit: false })}
                    <div class="ci">
                      {formatValue(r.p05, s.unit, { perUnit: false })} – {formatValue(r.p95, s.unit, { perUnit: false })}
                    </div>
                  </td>
                ))}
                <td class="num">{formatValue(s.medianDifference, s.unit, { perUnit: false })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.headline.length > 0 && (
        <>
          <h3>Headline signals, A and B on one chart (median solid; 5% and 95% dotted)</h3>
          <div class="fans">
            {view.headline.map((h) => (
              <OverlayChart name={h.signal} series={h.series} labels={['A', 'B']} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** A difference and its interval on a −scale … +scale axis, zero in the middle. */
function DifferenceBar(props: { lo: number; hi: number; value: number; scale: number }) {
  const x = (v: number) => `${((Math.max(-1, Math.min(1, v / props.scale)) + 1) * 50).toFixed(2)}%`;
  return (
    <span class="diffbar" title={`${points(props.lo)} to ${points(props.hi)} points`}>
      <i class="zero" />
      <i class="range" style={`left:${x(props.lo)};width:calc(${x(props.hi)} - ${x(props.lo)})`} />
      <i class="dot" style={`left:${x(props.value)}`} />
    </span>
  );
}
