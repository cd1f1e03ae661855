import { useEffect, useState } from 'preact/hooks';
import { formatPercent } from '../src/report/format.js';
import { api, withToken, type LiveView, type RunListing } from './api.js';
import { describeEntry } from './schedule-edit.js';
import type { ScheduleEntry } from './timeline.js';

/** What the page knows of a run: its status, progress and the latest view of each point (of a sweep). */
export interface RunState {
  status: RunListing['status'] | 'loading' | 'unknown';
  scenario: string;
  pathsDone: number;
  pathsTotal: number;
  views: LiveView[];
  error: string | null;
  /** The run's schedule, once GET /runs/:id has answered (null until then, or if it did not say). */
  schedule: ScheduleEntry[] | null;
}

/** The view of point `k` of a run, else its first. */
export function viewOf(run: RunState, k: number): LiveView | null {
  return run.views.find((v) => v?.point === k) ?? run.views.find(Boolean) ?? null;
}

/** Follows a run over its event stream (status, progress, partial views as blocks complete). */
export function useRun(id: string): RunState {
  const [state, setState] = useState<RunState>({ status: 'loading', scenario: '', pathsDone: 0, pathsTotal: 0, views: [], error: null, schedule: null });
  useEffect(() => {
    setState({ status: 'loading', scenario: '', pathsDone: 0, pathsTotal: 0, views: [], error: null, schedule: null });
    api<RunListing>(`/runs/${id}`).then(
      (r) => setState((s) => ({ ...s, scenario: r.scenario, pathsTotal: s.pathsTotal || r.paths, schedule: r.schedule ?? null })),
      (e) => setState((s) => ({ ...s, status: 'unknown', error: e.message })),
    );
    const es = new EventSource(withToken(`/runs/${id}/stream`));
    es.addEventListener('status', (m) => {
      const ev = JSON.parse((m as MessageEvent).data);
      setState((s) => ({ ...s, status: ev.status, error: ev.error ?? null }));
      if (ev.status !== 'queued' && ev.status !== 'running') es.close();
    });
    es.addEventListener('progress', (m) => {
      const ev = JSON.parse((m as MessageEvent).data);
      setState((s) => ({ ...s, pathsDone: ev.pathsDone, pathsTotal: ev.pathsTotal }));
    });
    es.addEventListener('partial', (m) => {
      const { view } = JSON.parse((m as MessageEvent).data) as { view: LiveView };
      setState((s) => {
        const views = [...s.views];
        views[view.point] = view;
        return { ...s, views };
      });
    });
    es.onerror = () => es.close();
    return () => es.close();
  }, [id]);
  return state;
}

/** A run's head (status, progress, actions) and its event table. */
export function RunLive(props: { id: string; run: RunState; point: number; onPoint?: (k: number) => void; actions?: boolean }) {
  const { id, run } = props;
  const view = viewOf(run, props.point);
  const points = run.views.filter(Boolean);
  const [cancelling, setCancelling] = useState(false);
  const live = run.status === 'queued' || run.status === 'running';
  const share = run.pathsTotal ? run.pathsDone / run.pathsTotal : 0;
  const cancel = async () => {
    setCancelling(true);
    await api(`/runs/${id}`, { method: 'DELETE' }).catch(() => undefined);
    setCancelling(false);
  };
  return (
    <section class="card" data-run-view={id}>
      <h2>
        Run <a href={`#/runs/${id}`}>{id}</a> <span class="muted">{run.scenario}</span>{' '}
        <span class="status" id={props.actions ? 'status' : undefined} data-status={run.status}>
          {run.status}
        </span>
      </h2>
      <div class="progress">
        <i style={`width:${(share * 100).toFixed(1)}%`} />
      </div>
      <div class="muted" id={props.actions ? 'progress' : undefined} data-paths-done={run.pathsDone}>
        {run.pathsDone.toLocaleString('en-US')} of {run.pathsTotal.toLocaleString('en-US')} paths
        {view && !view.final && ` · events over the first ${view.paths.toLocaleString('en-US')} of this point (partial: intervals narrow as blocks complete)`}
      </div>
      {points.length > 1 && props.onPoint && (
        <label>
          Sweep point
          <select data-point-select={id} value={props.point} onChange={(e) => props.onPoint!(Number((e.target as HTMLSelectElement).value))}>
            {points.map((v) => (
              <option value={v.point}>
                {v.point + 1}: {v.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {run.error && <p class="problems">{run.error}</p>}
      {props.actions && run.schedule && <ScheduleList schedule={run.schedule} />}
      {props.actions && (
        <p>
          {live && (
            <button class="danger" id="cancel" onClick={cancel} disabled={cancelling}>
              Cancel
            </button>
          )}
          {run.status === 'complete' && (
            <a id="report" href={withToken(`/runs/${id}/report`)} target="_blank" rel="noopener">
              Open the full report
            </a>
          )}
          {run.status === 'complete' && (
            <>
              {' · '}
              <a href={withToken(`/runs/${id}/export?format=csv&table=events`)}>events.csv</a>
              {' · '}
              <a href={withToken(`/runs/${id}/export?format=json`)}>result.json</a>
            </>
          )}
        </p>
      )}
      {view && <EventTable view={view} />}
    </section>
  );
}

/** A run's schedule, read-only: each entry's date and what it shocks and sets. */
function ScheduleList({ schedule }: { schedule: ScheduleEntry[] }) {
  if (schedule.length === 0) return <p class="muted" id="schedule" data-entries="0">No scheduled shocks or changes.</p>;
  return (
    <details id="schedule" data-entries={schedule.length} open={schedule.length <= 4}>
      <summary>
        Schedule: {schedule.length} {schedule.length === 1 ? 'entry' : 'entries'}
      </summary>
      <ul>
        {schedule.map((e) => (
          <li data-at={e.at}>
            <b>{e.at}</b>
            {e.note ? ` (${e.note})` : ''}: {describeEntry(e)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function EventTable({ view }: { view: LiveView }) {
  const rows = [...view.events].sort((a, b) => Number(b.fromScenario) - Number(a.fromScenario));
  return (
    <table id={`events`} data-final={String(view.final)} data-paths={view.paths}>
      <thead>
        <tr>
          <th>Event</th>
          <th>Meaning</th>
          <th class="num">Probability (95% CI)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr data-event={e.name}>
            <td class="name">{e.name}</td>
            <td>{e.description}</td>
            <td class="num">
              <span class="bar">
                <i style={`width:${(e.probability * 100).toFixed(2)}%`} />
              </span>
              <b>{formatPercent(e.probability)}</b>
              <div class="ci">
                {formatPercent(e.lo)} – {formatPercent(e.hi)}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
