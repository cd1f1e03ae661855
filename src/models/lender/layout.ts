import type { NumberOrDistribution } from '../../engine/distributions.js';
import type { Column } from '../../engine/draw-number.js';
import type { EventDecl } from '../../engine/model.js';
import type { NumberParam } from '../../engine/params.js';
import { recordLayout } from '../../engine/record-layout.js';
import { added, read, written, type SignalDecl } from '../../engine/signals.js';
import { BOOK_FIELDS, INFLOW_RATE, LENDER_FIELDS, SEGMENT_DEFAULTS, SEGMENT_FIELDS, lendersSchema, type LenderSpec } from './params.js';

/*
 * The lender model's signals and per-path records, and the lenders struct compiled into both
 * (`compileLayout`, run once by `io` and once by `prepare`): which signals each lender writes,
 * and where its scalars, client segments, loan buckets and drawn fields sit in a path's
 * records. The step code then works on typed arrays with these integer offsets only.
 */

// ---- signals every run has --------------------------------------------------------------

export const PRICE = read('btc.price');
export const DRAWDOWN = read('btc.drawdown');
/** Volatility for execution costs; `fallbackVolPerSqrtYear` without it. */
export const VOL = read('btc.vol', { optional: true });
/** Miners' hashprice; the constant-difficulty fallback without it. */
export const HASHPRICE = read('network.hashpriceUsdPerPhDay', { optional: true });
/** USD of BTC the lenders sell (seized collateral and own BTC), priced by the market the next day. */
export const FORCED_SELLING = added('market.forcedSellingUsd', 'USD/day');
export const HALTED_COUNT = written('lender.haltedCount', 'lenders', { headline: true });

// ---- signals of one lender: lender.<id>.<role> ------------------------------------------

/** The signals of one lender, by role, with their units. */
export const OUTPUT_UNITS = {
  cash: 'USD',
  coverage: 'ratio',
  stayerCoverage: 'ratio',
  halted: '0/1',
  everHalted: '0/1',
  repaid: '0/1',
  queuedClaimsUsd: 'USD',
  clientLossUsd: 'USD',
  depositsUsd: 'USD',
  withdrawalRequestsUsd: 'USD/step',
  withdrawalsPaidUsd: 'USD/step',
  lendingLossUsd: 'USD',
  btcSoldUsd: 'USD/step',
  assetsUsd: 'USD',
  liabilitiesUsd: 'USD',
  equityUsd: 'USD',
  revealedLossUsd: 'USD',
  extraWithdrawalsUsd: 'USD/step',
} as const;
export type LenderOutput = keyof typeof OUTPUT_UNITS;
export const LENDER_OUTPUTS = Object.keys(OUTPUT_UNITS) as LenderOutput[];
/** Roles a scenario may shock: a revealed loss (add: X books a loss of X), extra withdrawal requests. */
const SHOCKABLE: ReadonlySet<LenderOutput> = new Set<LenderOutput>(['revealedLossUsd', 'extraWithdrawalsUsd']);
/** Roles shown in the summary's headline, per lender. */
const HEADLINE: ReadonlySet<LenderOutput> = new Set<LenderOutput>(['coverage', 'depositsUsd', 'clientLossUsd']);
/** Index of each role in a lender's list of output buffers (`LenderBlock.out`). */
export const OUT = Object.fromEntries(LENDER_OUTPUTS.map((k, j) => [k, j])) as Record<LenderOutput, number>;

/** The signals of lender `id`: one per role, and `haltedWithin<d>d` per horizon d. */
export function lenderSignals(id: string, haltHorizons: readonly number[]): { outputs: Record<LenderOutput, SignalDecl<'written'>>; haltWithin: SignalDecl<'written'>[] } {
  const outputs = Object.fromEntries(LENDER_OUTPUTS.map((k) => [k, written(`lender.${id}.${k}`, OUTPUT_UNITS[k], { shockable: SHOCKABLE.has(k), headline: HEADLINE.has(k) })])) as Record<LenderOutput, SignalDecl<'written'>>;
  const haltWithin = haltHorizons.map((d) => written(`lender.${id}.haltedWithin${d}d`, '0/1'));
  return { outputs, haltWithin };
}

// ---- record layouts ---------------------------------------------------------------------


/** Market values of a path: start price, start drawdown, price at the end of the previous step. */
export const G = recordLayout({ p0: 1, dd0: 1, lastPrice: 1 });

/** Scalars of one lender on a path. */
export const LV = 
  recordLayout({
    cash: 1,
    liquid: 1,
    ownBtc: 1,
    other: 1,
    otherLiab: 1,
    equity: 1,
    queue: 1,
    writtenOff: 1,
    lendingLoss: 1,
    halted: 1,
    everHalted: 1,
    closed: 1,
    /** Stayer coverage θ at the end of the step (what clients watch next step). */
    theta: 1,
    lcr: 1,
    floor: 1,
    targetCash: 1,
    revealed: 1,
    d0: 1,
    neff: 1,
    haltedPrev: 1,
    called: 1,
    /** Share of client claims requested in the previous step by runners, crashes and shocks (what clients see of the run). */
    runSeen: 1,
    /** Day of the first halt (valid once everHalted = 1). */
    firstHaltDay: 1,
  });

/**
 * One client segment on a path: open claims, share of clients that decided to run, balances
 * of deciders not yet requested, and the share that would have run at the start (never clients).
 */
export const SG = recordLayout({ dep: 1, decided: 1, pending: 1, startShare: 1 });

/** One loan bucket on a path. */
export const BK = 
  recordLayout({
    principal: 1,
    accrued: 1,
    collateralBtc: 1,
    borrowers: 1,
    maturityDay: 1,
  });

/**
 * One loan bucket's values within a path-step, in the block's scratch (block.ts `bs`, one
 * record per bucket, shared by the paths: a path's step ends before the next begins), not in
 * the path's state: 3 of the 8 doubles a bucket was, 384 bytes a path less to stream for the
 * flagship's 16 buckets.
 */
export const BS = 
  recordLayout({
    /** Principal collected at maturity this step, to re-lend if the lender can (0 between steps). */
    roll: 1,
    /**
     * Share of the bucket's borrowers closed out, and their collateral (closeShare is 0
     * between steps; closeBtc is meaningful only where closeShare is not 0).
     */
    closeShare: 1,
    closeBtc: 1,
  });

/**
 * The state, one array per kind of record, each holding per path: `g` one G record; `lv` an LV
 * record per lender; `sg` an SG record per client segment (over all lenders); `bk` a BK record
 * per loan bucket (over all books of all lenders); `u` the fields drawn at the start (one
 * column each). Widths in doubles per path.
 *
 * Five arrays rather than one record per path: a lender's step reads its scalars, its buckets
 * and its drawn fields, and with everything in one record (3.4 kB per path for two lenders)
 * those reads jump back and forth inside it; the hardware prefetcher follows five sequential
 * streams better, and the step ran 15–20% slower with one record (measured on
 * feb-2026-prime-broker-gate with a second lender, 2,000 paths).
 */
export interface StateWidths {
  g: number;
  lv: number;
  sg: number;
  bk: number;
  u: number;
}

// ---- the lenders compiled ---------------------------------------------------------------

type ColumnsOf<T> = { [K in keyof T]: number };

export interface SegmentLayout {
  name: string;
  /** Offset of the segment's SG record in a path's `sg` record. */
  at: number;
  /** Offsets of the segment's drawn fields in a path's `u` record. */
  col: ColumnsOf<typeof SEGMENT_FIELDS>;
}

export interface BookLayout {
  /** Loans to miners: their defaults also follow hashprice. */
  miner: boolean;
  inflowRate: number;
  callable: boolean;
  rollOver: boolean;
  tenorDays: number;
  buckets: number;
  borrowers: number;
  /** Offset of the book's first BK record in a path's `bk` record (bucket j at `at + j·BK.width`). */
  at: number;
  /** Offset of the book's first BS record in the block's scratch (bucket j at `scratchAt + j·BS.width`). */
  scratchAt: number;
  col: ColumnsOf<typeof BOOK_FIELDS>;
}

export interface LenderLayout {
  id: string;
  spec: LenderSpec;
  /** Offset of the lender's LV record in a path's `lv` record. */
  at: number;
  col: ColumnsOf<typeof LENDER_FIELDS>;
  callLagDays: number;
  segments: SegmentLayout[];
  books: BookLayout[];
  /** Loan buckets over all books. */
  bucketCount: number;
  /** The lender's signals by role. */
  signals: Record<LenderOutput, SignalDecl<'written'>>;
  /** `lender.<id>.haltedWithin<d>d` for each of the layout's horizons d: 1 once the first halt came by day d. */
  haltWithin: SignalDecl<'written'>[];
}

export interface Layout {
  lenders: LenderLayout[];
  /** Days d for which P(first halt by day d) is reported (signals and events). */
  haltHorizons: number[];
  /** Fields drawn per path at the start, in the `u` record at their slot. */
  columns: Column[];
  /** Slots of the columns the step reads (every column but the {@link OPENING_FIELDS}). */
  stepColumns: number[];
  state: StateWidths;
  /** Random words per path per step: 2 per segment (withdrawal noise), 2 per bucket (credit events). */
  wordsPerStep: number;
  /** Every signal of the model, in the engine's order (the step code's handles). */
  signals: SignalDecl[];
  events: EventDecl[];
}

/**
 * Fields read only by the opening balance sheet (balance-sheet.ts `openBalanceSheet`,
 * `openLoans`, `openClaims`), never in the step: where only these differ between a block's
 * paths, the step reads the drawn fields of every path from path 0's row (kernel.ts
 * `initBlock`, `LenderBlock.uStride`). A field the step reads must not be listed here
 * (step-columns.spec.ts fails if one is).
 */
export const OPENING_FIELDS: { lender: ReadonlySet<string>; segment: ReadonlySet<string>; book: ReadonlySet<string> } = {
  lender: new Set(['depositsUsd', 'equityShare', 'otherLiabilitiesShare', 'cashShare', 'liquidShare', 'ownBtcShare', 'otherAssetsShare', 'cashFloorShare', 'clients', 'largestTenShare']),
  segment: new Set(['share']),
  book: new Set(['share']),
};

/**
 * Compiles the lenders struct and the halt horizons: signals, events and the per-path records.
 * `io` and `prepare` both call it (it reads only these two settings, which shape the run).
 */
export function compileLayout(lenders: Record<string, unknown>, haltHorizons: readonly number[]): Layout {
  const parsed = lendersSchema.parse(lenders) as Record<string, LenderSpec>;
  const columns: Column[] = [];
  const stepColumns: number[] = [];
  const add = (value: NumberOrDistribution, decl: NumberParam, step: boolean) => {
    if (step) stepColumns.push(columns.length);
    return columns.push({ slot: columns.length, value, decl }) - 1;
  };
  const colsOf = <T extends Record<string, NumberParam>>(fields: T, values: object, fallback: Record<string, number>, opening: ReadonlySet<string>) =>
    Object.fromEntries(
      Object.entries(fields).map(([k, decl]) => [k, add((values as Record<string, NumberOrDistribution | undefined>)[k] ?? fallback[k] ?? decl.default, decl, !opening.has(k))]),
    ) as ColumnsOf<T>;

  let segmentAt = 0;
  let bucketAt = 0;
  let words = 0;
  const out: LenderLayout[] = Object.entries(parsed).map(([id, spec], l) => {
    const col = colsOf(LENDER_FIELDS, spec, {}, OPENING_FIELDS.lender);
    const segments = Object.entries(spec.segments).map(([name, seg]) => {
      words += 2;
      const at = segmentAt;
      segmentAt += SG.width;
      return { name, at, col: colsOf(SEGMENT_FIELDS, seg, SEGMENT_DEFAULTS[name] ?? SEGMENT_DEFAULTS.others, OPENING_FIELDS.segment) };
    });
    const books = spec.loans.map((b): BookLayout => {
      const at = bucketAt;
      const scratchAt = (bucketAt / BK.width) * BS.width;
      bucketAt += b.buckets * BK.width;
      words += 2 * b.buckets;
      const { borrower, callable, rollOver, tenorDays, buckets, borrowers } = b;
      return { miner: borrower === 'miner', inflowRate: INFLOW_RATE[borrower], callable, rollOver, tenorDays, buckets, borrowers, at, scratchAt, col: colsOf(BOOK_FIELDS, b, {}, OPENING_FIELDS.book) };
    });
    const bucketCount = books.reduce((n, b) => n + b.buckets, 0);
    const { outputs, haltWithin } = lenderSignals(id, haltHorizons);
    return { id, spec, at: l * LV.width, col, callLagDays: spec.callLagDays, segments, books, bucketCount, signals: outputs, haltWithin };
  });
  const state = { g: G.width, lv: out.length * LV.width, sg: segmentAt, bk: bucketAt, u: columns.length };
  return { lenders: out, haltHorizons: [...haltHorizons], columns, stepColumns, state, wordsPerStep: words, signals: signalsOf(out), events: eventsOf(out, haltHorizons) };
}

/** Every signal, in the order the model has always listed them: reads, the flow, the count, then each lender's. */
function signalsOf(lenders: LenderLayout[]): SignalDecl[] {
  const out: SignalDecl[] = [PRICE, DRAWDOWN, VOL, HASHPRICE, FORCED_SELLING, HALTED_COUNT];
  for (const L of lenders) out.push(...LENDER_OUTPUTS.map((k) => L.signals[k]), ...L.haltWithin);
  return out;
}

/** Per lender: the first halt, within each horizon, repayment, and a client loss. */
function eventsOf(lenders: LenderLayout[], haltHorizons: readonly number[]): EventDecl[] {
  const events: EventDecl[] = [];
  for (const L of lenders) {
    const name = L.spec.title || L.id;
    haltHorizons.forEach((d, h) => {
      events.push({ name: `lender.${L.id}.haltWithin${d}d`, signal: L.haltWithin[h].name, op: '>=', value: 1, description: `${name} halts within ${d} days of the start` });
    });
    const s = L.signals;
    events.push(
      { name: `lender.${L.id}.halt`, signal: s.halted.name, op: '>=', value: 1, description: `${name} halts withdrawals (gates)` },
      { name: `lender.${L.id}.repaid`, signal: s.repaid.name, op: '>=', value: 1, description: `${name} has paid every queued claim and reopened` },
      { name: `lender.${L.id}.clientLoss`, signal: s.clientLossUsd.name, op: '>', value: 0, description: `${name}'s clients face a loss (equity exhausted)` },
    );
  }
  return events;
}
