/**
 * The run store's tables (DuckDB). One row in `runs` per `cascade run`; everything else is
 * keyed by (run_id, point), point being the 0-based index of the sweep point (0 without a sweep).
 * Long, tidy tables: a notebook reads them straight into a data frame. src/store/README.md
 * describes every column.
 */
export const SCHEMA_VERSION = 3;

/**
 * What brings a store of schema version k up to k + 1, by k. A store opened for writing is
 * migrated; one opened read-only is read as it is (see `RunStore.loadPoint`).
 */
export const MIGRATIONS: Record<number, string> = {
  // 2: each event's condition (signal op value); runs stored before have NULLs
  1: `ALTER TABLE events ADD COLUMN signal VARCHAR; ALTER TABLE events ADD COLUMN op VARCHAR; ALTER TABLE events ADD COLUMN value DOUBLE;`,
  // 3: backtests (cascade backtest) stored like runs
  2: backtestSql(),
};

/**
 * A backtest (`cascade backtest`) is a run with no points: its row in `runs` says what and when,
 * `backtests` keeps the whole scored result (JSON, what the report reads), and two tidy tables
 * hold its scores for notebooks: one row per forecaster × horizon, one per event × forecaster.
 */
function backtestSql(): string {
  return `
CREATE TABLE IF NOT EXISTS backtests (run_id VARCHAR PRIMARY KEY, origins INTEGER NOT NULL, first_origin DATE NOT NULL, last_origin DATE NOT NULL, result VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS backtest_horizons (
  run_id VARCHAR NOT NULL, forecaster VARCHAR NOT NULL, horizon_days INTEGER NOT NULL, origins INTEGER NOT NULL, crps DOUBLE,
  coverage50 DOUBLE, coverage90 DOUBLE, independent_origins INTEGER, misses90 INTEGER, kupiec_p90 DOUBLE, christoffersen_p90 DOUBLE,
  traffic_light90 VARCHAR, pit_chi2 DOUBLE, pit_p DOUBLE, pit_histogram VARCHAR
);
CREATE TABLE IF NOT EXISTS backtest_events (
  run_id VARCHAR NOT NULL, event VARCHAR NOT NULL, description VARCHAR NOT NULL, forecaster VARCHAR NOT NULL, origins INTEGER NOT NULL,
  base_rate DOUBLE, brier DOUBLE, skill DOUBLE, reliability DOUBLE, resolution DOUBLE, uncertainty DOUBLE
);`;
}

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMP NOT NULL,
  completed_at TIMESTAMP,
  status VARCHAR NOT NULL,
  scenario VARCHAR NOT NULL,
  description VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  points INTEGER NOT NULL,
  paths BIGINT NOT NULL,
  seed BIGINT NOT NULL,
  threads INTEGER,
  elapsed_ms DOUBLE,
  cascade_version VARCHAR NOT NULL,
  code_hash VARCHAR NOT NULL,
  pid INTEGER NOT NULL,
  host VARCHAR NOT NULL,
  command VARCHAR NOT NULL,
  models VARCHAR NOT NULL,
  sources VARCHAR NOT NULL,
  error VARCHAR
);
CREATE TABLE IF NOT EXISTS points (
  run_id VARCHAR NOT NULL,
  point INTEGER NOT NULL,
  label VARCHAR NOT NULL,
  sweep_values VARCHAR NOT NULL,
  scenario_hash VARCHAR NOT NULL,
  seed BIGINT NOT NULL,
  paths BIGINT NOT NULL,
  steps INTEGER NOT NULL,
  step_days DOUBLE NOT NULL,
  start_date DATE NOT NULL,
  threads INTEGER NOT NULL,
  elapsed_ms DOUBLE NOT NULL,
  reused_from VARCHAR,
  manifest VARCHAR NOT NULL,
  resolved VARCHAR NOT NULL,
  PRIMARY KEY (run_id, point)
);
CREATE TABLE IF NOT EXISTS signals (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, ord INTEGER NOT NULL,
  signal VARCHAR NOT NULL, model VARCHAR NOT NULL, unit VARCHAR NOT NULL, non_finite BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS signal_steps (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, signal VARCHAR NOT NULL, step INTEGER NOT NULL, date DATE NOT NULL,
  mean DOUBLE, p01 DOUBLE, p05 DOUBLE, p25 DOUBLE, p50 DOUBLE, p75 DOUBLE, p95 DOUBLE, p99 DOUBLE
);
CREATE TABLE IF NOT EXISTS events (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, ord INTEGER NOT NULL,
  event VARCHAR NOT NULL, description VARCHAR NOT NULL, probability DOUBLE NOT NULL, paths BIGINT NOT NULL,
  day_p05 DOUBLE, day_p50 DOUBLE, day_p95 DOUBLE, date_p05 DATE, date_p50 DATE, date_p95 DATE,
  signal VARCHAR, op VARCHAR, value DOUBLE
);
CREATE TABLE IF NOT EXISTS event_days (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, event VARCHAR NOT NULL, step INTEGER NOT NULL, date DATE NOT NULL, hits BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS terminal (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, signal VARCHAR NOT NULL, unit VARCHAR NOT NULL,
  mean DOUBLE, p01 DOUBLE, p05 DOUBLE, p50 DOUBLE, p95 DOUBLE, p99 DOUBLE, es05 DOUBLE, es95 DOUBLE
);
CREATE TABLE IF NOT EXISTS samples (
  run_id VARCHAR NOT NULL, point INTEGER NOT NULL, sample INTEGER NOT NULL, path BIGINT NOT NULL,
  signal VARCHAR NOT NULL, step INTEGER NOT NULL, value DOUBLE
);
${backtestSql()}
`;

/** The tables that hold a run's numbers, in the order export writes them. */
export const RESULT_TABLES = ['points', 'signals', 'signal_steps', 'events', 'event_days', 'terminal', 'samples'] as const;
