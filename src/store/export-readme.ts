/**
 * The README.md written beside exported tables: what every file and column holds, in which
 * unit, and which numbers are spreads across paths and which are intervals of an estimate.
 */

/** Columns shared by the tables of a point. */
function pointColumns(sweep: readonly string[]): string[] {
  return [
    '| `point` | The sweep point, numbered from 1 as in `cascade runs`, `cascade report ID/K` and the report (1 for a run without a sweep). |',
    '| `label` | The point as `parameter=value, …` (`base` without a sweep). |',
    ...sweep.map((k) => `| \`${k}\` | The swept parameter's value at this point (a number where the sweep gives numbers; the parameter's unit is in \`cascade models ${k.split('.')[0]}\`). |`),
  ];
}

const QUANTILES = '`p01`, `p05`, `p25`, `p50`, `p75`, `p95`, `p99`';

/** The README of an export in `format` (csv or parquet) of a run whose points sweep `sweep`. */
export function exportReadme(format: string, sweep: readonly string[]): string {
  const ext = format === 'parquet' ? 'parquet' : 'csv';
  const head = '| column | meaning |\n| --- | --- |';
  const pc = pointColumns(sweep).join('\n');
  return `# Cascade export

One file per table, ${ext === 'csv' ? 'comma-separated with a header row' : 'Parquet (zstd)'}; tidy: one row per observation, labels and units joined in so that nothing needs a join to plot.

**Spreads and intervals.** The quantile columns (${QUANTILES}) are the spread of a quantity *across Monte Carlo paths* on a date, not the error of an estimate; they come from mergeable sketches with the scenario's relative accuracy (\`output.sketchAccuracy\`, default ±0.5%). An event's \`probability_ci95_lo\`/\`probability_ci95_hi\` are the 95% Wilson interval of its probability, i.e. the Monte Carlo error from the finite number of paths. Money is in USD, dates are ISO (UTC), days count from the start date (day 0).

${sweep.length ? `**Sweep.** The swept parameters are columns of their own in every table of a point: ${sweep.map((k) => `\`${k}\``).join(', ')}.\n\n` : ''}## run.${ext}

One row: the run as \`cascade runs\` lists it.

${head}
| \`run_id\` | The run's id (\`cascade report ID\`). |
| \`created_at\`, \`completed_at\` | When it started and finished (UTC). |
| \`status\` | complete, failed, interrupted or running. |
| \`scenario\`, \`description\`, \`file\` | The scenario's name, description and file. |
| \`points\`, \`paths\`, \`seed\` | Sweep points, paths over all points, the scenario's seed. |
| \`threads\`, \`elapsed_ms\` | Worker threads and wall time (results do not depend on threads). |
| \`cascade_version\`, \`code_hash\` | The Cascade version and the fingerprint of the code that computed it. |
| \`pid\`, \`host\`, \`command\` | The process, machine and command line that ran it. |
| \`error\` | Why it failed, if it did. |

## points.${ext}

One row per point.

${head}
| \`run_id\` | The run's id. |
${pc}
| \`sweep_values\` | The swept values as JSON (the same as the columns above). |
| \`scenario_hash\` | SHA-256 of the fully resolved scenario of this point (defaults filled in): same hash and seed, same numbers. |
| \`seed\`, \`paths\`, \`steps\`, \`step_days\`, \`start_date\` | The run's seed, paths, steps, days per step and start date. |
| \`threads\`, \`elapsed_ms\` | Threads and wall time of this point. |
| \`reused_from\` | The stored point it was copied from with \`--reuse\`, else empty. |
| \`manifest\`, \`resolved\` | The manifest and the resolved scenario, as JSON. |

## signals.${ext}

One row per point, signal and step: the signal's distribution across paths on that date.

${head}
${pc}
| \`signal\` | The signal's name (\`btc.price\`); \`cascade models\` and each model's README describe them. |
| \`model\` | The model that writes it. |
| \`unit\` | Its unit (USD, USD/day, fraction = a share where 0.25 is 25%, …). |
| \`step\`, \`date\` | The step (0 = the start) and its date. |
| \`mean\` | Mean across paths (exact). |
| ${QUANTILES} | Quantiles across paths (1%, 5%, …, 99%), from sketches (see above). |

## events.${ext}

One row per point and event.

${head}
${pc}
| \`event\`, \`description\` | The event's name and what it means. |
| \`probability\` | Share of paths on which it happens within the horizon. |
| \`probability_ci95_lo\`, \`probability_ci95_hi\` | 95% Wilson interval of that probability (Monte Carlo error). |
| \`paths\` | Paths on which it happens. |
| \`day_p05\`, \`day_p50\`, \`day_p95\` | Among those paths, the 5%, 50% and 95% quantiles of the first day it happens (days from the start). |
| \`date_p05\`, \`date_p50\`, \`date_p95\` | The same as dates. |

## event_days.${ext}

One row per point, event and step: when events first happen.

${head}
${pc}
| \`event\`, \`step\`, \`date\` | The event, the step and its date. |
| \`hits\` | Paths on which the event first happens at this step. |
| \`share_of_paths\` | \`hits\` over all paths (the cumulative sum is the probability it has happened by then). |

## terminal.${ext}

One row per point and signal kept at the horizon (\`output.keepTerminal\`): exact statistics of its final values over every path.

${head}
${pc}
| \`signal\`, \`unit\` | The signal and its unit. |
| \`mean\`, \`p01\`, \`p05\`, \`p50\`, \`p95\`, \`p99\` | Mean and quantiles of the final values across paths (exact, not sketched). |
| \`es05\`, \`es95\` | Mean of the lowest and of the highest 5% of paths (expected shortfall at 95%, and its upper twin). |

## samples.${ext}

One row per point, sampled path, signal and step: a few whole paths (\`output.samplePaths\`), to see how single paths move.

${head}
${pc}
| \`sample\`, \`path\` | The sample's number and the path's index in the run (the same index, seed and scenario give the same path). |
| \`signal\`, \`step\`, \`value\` | The signal, the step and its value on that path. |
`;
}
