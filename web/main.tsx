import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { api, token, withToken, type LiveView, type ParamListing, type RunListing } from './api.js';
import { Comparison } from './comparison.js';
import { compareHash, parseCompareRoute, type CompareRoute } from '../src/server/compare-route.js';
import { FanChart } from './fan-chart.js';
import { RunLive, useRun, viewOf, type RunState } from './run-live.js';
import { TimelineEditor, type ScheduleEntry, type TimelineChoices } from './timeline.js';

/** The route: #/ (new run), #/runs/ID (a run), #/compare/A/B[/KA/KB] (two runs side by side, at sweep points KA and KB). */
function useRoute(): string[] {
  const parts = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(parts());
  useEffect(() => {
    const on = () => setRoute(parts());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

function App() {
  token(); // take a #token=… before routing
  const route = useRoute();
  return (
    <>
      <header class="top">
        <b>Cascade workbench</b>
        <a href="#/">New run</a>
        <a href={withToken('/openapi.json')}>API</a>
      </header>
      <main>
        {route[0] === 'runs' && route[1] ? <RunPage id={route[1]} /> : route[0] === 'compare' && parseCompareRoute(route.slice(1)) ? <Compare {...parseCompareRoute(route.slice(1))!} /> : <Home />}
      </main>
    </>
  );
}

function Home() {
  return (
    <div class="cols">
      <ScenarioForm />
      <RunList />
    </div>
  );
}

interface ScenarioDetail extends TimelineChoices {
  name: string;
  resolved: { paths: number; seed: number; models: Record<string, Record<string, unknown>>; schedule: ScheduleEntry[]; start: string; horizonDays: number };
  events: { name: string; description: string; when: string }[];
}

/** A problem document's scenario problems: those of schedule entry K by K (the timeline shows them there), the rest as lines. */
function splitProblems(p: { problems?: string[]; issues?: { path: string; message: string }[]; detail?: string } | undefined, fallback: string): { general: string[]; byEntry: Record<number, string[]> } {
  const byEntry: Record<number, string[]> = {};
  const general: string[] = [];
  if (!p?.issues?.length) return { general: p?.problems ?? [p?.detail ?? fallback], byEntry };
  p.issues.forEach((issue, k) => {
    const m = /^schedule\[(\d+)\]/.exec(issue.path);
    if (m) (byEntry[Number(m[1])] ??= []).push(`${issue.path}: ${issue.message}`);
    else general.push(p.problems?.[k] ?? `${issue.path}: ${issue.message}`);
  });
  if (general.length === 0) general.push(`the schedule has ${p.issues.length} problem(s): see the entries marked in red`);
  return { general, byEntry };
}

/** Picks a built-in scenario and edits its parameters in a form made from the model metadata. */
function ScenarioForm() {
  const [names, setNames] = useState<{ name: string; description: string }[]>([]);
  const [params, setParams] = useState<ParamListing[]>([]);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [name, setName] = useState('flagship');
  const [detail, setDetail] = useState<ScenarioDetail | null>(null);
  const [set, setSet] = useState<Record<string, unknown>>({});
  const [paths, setPaths] = useState(2000);
  const [seed, setSeed] = useState<number | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [entryProblems, setEntryProblems] = useState<Record<number, string[]>>({});
  const [schedule, setSchedule] = useState<ScheduleEntry[] | null>(null);
  const [perPath, setPerPath] = useState(true);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ scenarios: { name: string; description: string }[] }>('/scenarios').then((r) => setNames(r.scenarios), (e) => setProblems([e.message]));
    api<{ models: { name: string; title: string }[]; params: ParamListing[] }>('/models').then((r) => {
      setParams(r.params);
      setTitles(Object.fromEntries(r.models.map((m) => [m.name, m.title])));
    });
  }, []);
  useEffect(() => {
    setDetail(null);
    setSet({});
    setSchedule(null);
    setProblems([]);
    setEntryProblems({});
    let current = true; // the answer for a scenario picked before this one is dropped
    api<ScenarioDetail>(`/scenarios/${encodeURIComponent(name)}`).then(
      (d) => {
        if (!current) return;
        setDetail(d);
        setSeed(d.resolved.seed);
        setPaths(Math.min(d.resolved.paths, 2000));
      },
      (e) => current && setProblems([e.message]),
    );
    return () => {
      current = false;
    };
  }, [name]);

  // the request: the scenario by name, and only what the form changed
  const request = () => JSON.stringify({ scenario: name, set, paths, ...(seed !== null ? { seed } : {}), ...(schedule ? { schedule } : {}), ...(perPath ? { perPath } : {}) });
  const showProblems = (e: unknown) => {
    const split = splitProblems((e as { problem?: Parameters<typeof splitProblems>[0] }).problem, (e as Error).message);
    setProblems(split.general);
    setEntryProblems(split.byEntry);
  };
  // an edited schedule is checked as it is typed (the CLI's checks, on the server), so its problems show on the entries at once
  useEffect(() => {
    if (!schedule) return;
    let current = true; // an answer to an older schedule (or scenario) is dropped
    const t = setTimeout(() => {
      api<{ valid: boolean; problems: string[]; issues: { path: string; message: string }[] }>('/validate', { method: 'POST', body: request() }).then(
        (r) => current && (r.valid ? (setProblems([]), setEntryProblems({})) : showProblems({ problem: r })),
        (e) => current && showProblems(e),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [schedule]);

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    setEntryProblems({});
    try {
      const r = await api<{ id: string }>('/runs', { method: 'POST', body: request() });
      location.hash = `#/runs/${r.id}`;
    } catch (e) {
      showProblems(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" id="new-run" data-scenario={detail?.name ?? ''}>
      <h2>New run</h2>
      <label>
        Scenario
        <select id="scenario" value={name} onChange={(e) => setName((e.target as HTMLSelectElement).value)}>
          {names.map((s) => (
            <option value={s.name} title={s.description}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div class="row">
        <label>
          Paths
          <input id="paths" type="number" min={1} value={paths} onInput={(e) => setPaths(Number((e.target as HTMLInputElement).value))} />
        </label>
        <label>
          Seed
          <input id="seed" type="number" min={0} value={seed ?? ''} onInput={(e) => setSeed(Number((e.target as HTMLInputElement).value))} />
        </label>
      </div>
      <label class="check" title="keep each path's event days: comparisons of runs with the same seed and paths then get paired (much narrower) intervals">
        <input id="per-path" type="checkbox" checked={perPath} onChange={(e) => setPerPath((e.target as HTMLInputElement).checked)} /> keep the per-path table (paired comparisons)
      </label>
      {detail && (
        <TimelineEditor
          start={detail.resolved.start}
          horizonDays={detail.resolved.horizonDays}
          schedule={schedule ?? detail.resolved.schedule}
          choices={detail}
          params={params}
          problems={entryProblems}
          edited={schedule !== null}
          onChange={setSchedule}
          onReset={() => {
            setSchedule(null);
            setEntryProblems({});
            setProblems([]);
          }}
        />
      )}
      {detail && (
        <div class="form-scroll">
          {Object.entries(detail.resolved.models).map(([model, settings]) => (
            <details class="model">
              <summary>
                {model} <span class="muted">{titles[model]?.split(':')[0]}</span>
              </summary>
              {params
                .filter((p) => p.model === model && !p.name.includes('.') && p.kind !== 'struct')
                .map((p) => (
                  <ParamInput p={p} value={set[`${model}.${p.name}`] ?? settings[p.name]} changed={`${model}.${p.name}` in set} onChange={(v) => setSet({ ...set, [`${model}.${p.name}`]: v })} />
                ))}
            </details>
          ))}
        </div>
      )}
      <p>
        <button id="run" onClick={submit} disabled={busy || !detail}>
          Run
        </button>{' '}
        {Object.keys(set).length > 0 && (
          <button class="quiet" onClick={() => setSet({})}>
            Reset {Object.keys(set).length} change(s)
          </button>
        )}
      </p>
      {problems.length > 0 && <div class="problems" id="problems">{problems.join('\n')}</div>}
    </section>
  );
}

/** One parameter: a number with its unit and range, a choice, or a distribution as JSON. */
function ParamInput(props: { p: ParamListing; value: unknown; changed: boolean; onChange: (v: unknown) => void }) {
  const { p, value } = props;
  const title = `${p.description}\nsource: ${p.source}${p.range ? `\nrange: ${p.range}` : ''}${p.fixedAtStart ? `\nfixed at the start: ${p.fixedAtStart}` : ''}`;
  const cls = props.changed ? 'changed' : '';
  let input;
  if (p.kind === 'choice' && typeof value === 'string') {
    input = (
      <select class={cls} value={value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {(p.range ?? '').split(' | ').map((v) => (
          <option value={v}>{v}</option>
        ))}
      </select>
    );
  } else if (typeof value === 'number') {
    input = <input class={cls} type="number" step="any" value={value} onChange={(e) => props.onChange(Number((e.target as HTMLInputElement).value))} />;
  } else {
    // a distribution or a list: edited as JSON, sent as it is (the server validates it)
    input = (
      <input
        class={cls}
        type="text"
        value={JSON.stringify(value)}
        onChange={(e) => {
          try {
            props.onChange(JSON.parse((e.target as HTMLInputElement).value));
          } catch {
            props.onChange((e.target as HTMLInputElement).value);
          }
        }}
      />
    );
  }
  return (
    <label title={title} data-param={`${p.model}.${p.name}`}>
      {p.name}
      <span class="u">
        {p.unit}
        {p.range ? ` · ${p.range}` : ''}
      </span>
      {input}
    </label>
  );
}

/** Recent runs (this server's and the store's). */
function RunList() {
  const [runs, setRuns] = useState<RunListing[]>([]);
  const [pick, setPick] = useState<string[]>([]);
  useEffect(() => {
    const load = () => api<{ runs: RunListing[] }>('/runs').then((r) => setRuns(r.runs.slice(0, 30)), () => undefined);
    load();
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, []);
  return (
    <section class="card">
      <h2>Runs</h2>
      <p class="muted">Tick two to put them side by side {pick.length === 2 && <a href={`#/compare/${pick[0]}/${pick[1]}`}>compare {pick.join(' and ')}</a>}</p>
      <table class="runs">
        <thead>
          <tr>
            <th />
            <th>Run</th>
            <th>Scenario</th>
            <th>Status</th>
            <th class="num">Paths</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr data-run={r.id}>
              <td>
                <input type="checkbox" checked={pick.includes(r.id)} onChange={(e) => setPick((e.target as HTMLInputElement).checked ? [...pick, r.id].slice(-2) : pick.filter((x) => x !== r.id))} />
              </td>
              <td class="name">
                <a href={`#/runs/${r.id}`}>{r.id}</a>
              </td>
              <td>{r.scenario}</td>
              <td>
                <span class="status" data-status={r.status}>
                  {r.status}
                </span>
              </td>
              <td class="num">{r.paths.toLocaleString('en-US')}</td>
              <td class="muted">{r.createdAt.slice(0, 19).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunPage({ id }: { id: string }) {
  const run = useRun(id);
  const [point, setPoint] = useState(0);
  const view = viewOf(run, point);
  return (
    <div class="runpage">
      <div>
        <RunLive id={id} run={run} point={point} onPoint={setPoint} actions />
        {run.status === 'complete' && <CompareWith id={id} scenario={run.scenario} point={point} points={run.views.filter(Boolean)} />}
      </div>
      <div>{view && <Fans view={view} />}</div>
    </div>
  );
}

/** Links from a complete run (at its shown sweep point) to its comparison with the run's other sweep points and with other complete runs (those of the same scenario first). */
function CompareWith({ id, scenario, point, points }: { id: string; scenario: string; point: number; points: LiveView[] }) {
  const [others, setOthers] = useState<RunListing[]>([]);
  useEffect(() => {
    api<{ runs: RunListing[] }>('/runs').then(
      (r) => setOthers(r.runs.filter((x) => x.id !== id && x.status === 'complete').sort((x, y) => Number(y.scenario === scenario) - Number(x.scenario === scenario)).slice(0, 20)),
      () => undefined,
    );
  }, [id, scenario]);
  const otherPoints = points.filter((v) => v.point !== point);
  if (!others.length && !otherPoints.length) return null;
  return (
    <p class="card" id="compare-with">
      {otherPoints.length > 0 && (
        <>
          Compare with this run’s point{' '}
          {otherPoints.map((v, k) => (
            <>
              {k > 0 && ' · '}
              <a href={compareHash({ a: id, b: id, pointA: v.point, pointB: point })} title={`${v.label} as A, point ${point + 1} as B`}>
                {v.point + 1}
              </a>
            </>
          ))}
          {others.length > 0 && <br />}
        </>
      )}
      {others.length > 0 && 'Compare with '}
      {others.map((o, k) => (
        <>
          {k > 0 && ' · '}
          <a href={compareHash({ a: o.id, b: id, pointA: 0, pointB: point })} title={`${o.scenario}, ${o.paths.toLocaleString('en-US')} paths: this run${point ? ` (point ${point + 1})` : ''} as B`}>
            {o.id}
          </a>{' '}
          <span class="muted">{o.scenario === scenario ? '' : o.scenario}</span>
        </>
      ))}
    </p>
  );
}

/** Two runs side by side at their sweep points; choosing another point changes the address. */
function Compare(route: CompareRoute) {
  const { a, b } = route;
  const ra = useRun(a);
  const rb = useRun(b);
  const points = [route.pointA, route.pointB];
  const choose = (side: number) => (k: number) => {
    location.hash = compareHash(side ? { ...route, pointB: k } : { ...route, pointA: k });
  };
  // compared once both are complete; a run that ended otherwise has no results to compare
  const ended = [ra, rb].flatMap((r, k) => (r.status === 'failed' || r.status === 'interrupted' || r.status === 'unknown' ? [`run ${k ? b : a} is ${r.status === 'unknown' ? 'unknown here' : r.status}: it has no results to compare`] : []));
  return (
    <>
      <Comparison route={route} ready={ra.status === 'complete' && rb.status === 'complete'} cannot={ended.join('; ') || null} />
      <div class="side">
        {[ra, rb].map((r: RunState, k) => (
          <div>
            <RunLive id={k ? b : a} run={r} point={points[k]} onPoint={choose(k)} />
            <div style="margin-top:16px">{viewOf(r, points[k]) && <Fans view={viewOf(r, points[k])!} />}</div>
          </div>
        ))}
      </div>
    </>
  );
}

/** The headline fans of a view, tightening as blocks complete. */
function Fans({ view }: { view: LiveView }) {
  const names = Object.keys(view.fans);
  if (!names.length) return null;
  return (
    <div class="fans">
      {names.map((n) => (
        <FanChart name={n} signal={view.fans[n]} />
      ))}
    </div>
  );
}

render(<App />, document.getElementById('app')!);
