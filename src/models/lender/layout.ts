import type { NumberOrDistribution } from '../../engine/distributions.js';
import type { Column } from '../../engine/draw-number.js';
import type { NumberParam } from '../../engine/params.js';
import {
  BOOK_FIELDS,
  BORROWER_TYPES,
  INFLOW_RATE,
  LENDER_FIELDS,
  SEGMENT_DEFAULTS,
  SEGMENT_FIELDS,
  lendersSchema,
  type LenderSpec,
} from './params.js';

/*
 * The lenders struct compiled into flat offsets, once per scenario: which state slots and
 * which per-path columns belong to which lender, segment and loan bucket. The step loop then
 * works on typed arrays with these integer offsets only.
 */

type ColumnsOf<T> = { [K in keyof T]: number };

export interface SegmentLayout {
  name: string;
  /** Index of the segment in the path's segment slots (over all lenders). */
  slot: number;
  col: ColumnsOf<typeof SEGMENT_FIELDS>;
}

export interface BookLayout {
  borrower: number;
  inflowRate: number;
  callable: boolean;
  rollOver: boolean;
  tenorDays: number;
  buckets: number;
  borrowers: number;
  /** Slot of the book's first bucket (over all lenders). */
  firstBucket: number;
  col: ColumnsOf<typeof BOOK_FIELDS>;
}

/** The signals of one lender, by role (names are `lender.<id>.<role>`). */
export const LENDER_OUTPUTS = [
  'cash',
  'coverage',
  'stayerCoverage',
  'halted',
  'everHalted',
  'repaid',
  'queuedClaimsUsd',
  'clientLossUsd',
  'depositsUsd',
  'withdrawalRequestsUsd',
  'withdrawalsPaidUsd',
  'lendingLossUsd',
  'btcSoldUsd',
  'assetsUsd',
  'liabilitiesUsd',
  'equityUsd',
  'revealedLossUsd',
  'extraWithdrawalsUsd',
] as const;
export type LenderOutput = (typeof LENDER_OUTPUTS)[number];

export const OUTPUT_UNITS: Record<LenderOutput, string> = {
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
};

export interface LenderLayout {
  id: string;
  spec: LenderSpec;
  /** Offset of this lender's scalars in the path's lender slots (× LV). */
  slot: number;
  col: ColumnsOf<typeof LENDER_FIELDS>;
  callLagDays: number;
  segments: SegmentLayout[];
  books: BookLayout[];
  /** Loan buckets over all books. */
  bucketCount: number;
  /** Signal names by role. */
  signals: Record<LenderOutput, string>;
  /** `lender.<id>.haltedWithin<d>d` for each of the layout's horizons d: 1 once the first halt came by day d. */
  haltWithin: string[];
}

export interface Layout {
  lenders: LenderLayout[];
  /** Days d for which P(first halt by day d) is reported (signals and events). */
  haltHorizons: number[];
  columns: Column[];
  segmentSlots: number;
  bucketSlots: number;
  /** Random words per path per step: 2 per segment (withdrawal noise), 2 per bucket (credit events). */
  wordsPerStep: number;
}

/** Lender scalars per path, at these offsets from the lender's slot. */
export const LV = {
  CASH: 0,
  LIQUID: 1,
  OWN_BTC: 2,
  OTHER: 3,
  OTHER_LIAB: 4,
  EQUITY: 5,
  QUEUE: 6,
  WRITTEN_OFF: 7,
  LENDING_LOSS: 8,
  HALTED: 9,
  EVER_HALTED: 10,
  CLOSED: 11,
  THETA: 12,
  LCR: 13,
  FLOOR: 14,
  TARGET_CASH: 15,
  REVEALED: 16,
  D0: 17,
  NEFF: 18,
  HALTED_PREV: 19,
  CALLED: 20,
  /** Day of the first halt (valid once EVER_HALTED = 1). */
  FIRST_HALT_DAY: 22,
  /** Share of client claims requested in the previous step (what clients see of the run). */
  RUN_SEEN: 21,
  WIDTH: 23,
} as const;

/**
 * Segment slots per path: open claims, share of clients that decided to run, balances of
 * deciders not yet requested, and the share that would have run at the start (never clients).
 */
export const SG = { DEP: 0, DECIDED: 1, PENDING: 2, START_SHARE: 3, WIDTH: 4 } as const;

/** Bucket slots per path. */
export const BK = {
  PRINCIPAL: 0,
  ACCRUED: 1,
  COLLATERAL_BTC: 2,
  BORROWERS: 3,
  MATURITY_DAY: 4,
  /** Principal collected at maturity this step, to re-lend if the lender can. */
  ROLL: 5,
  /** Scratch within a step: share of the bucket's borrowers closed out, and their collateral. */
  CLOSE_SHARE: 6,
  CLOSE_BTC: 7,
  WIDTH: 8,
} as const;

const cache = new WeakMap<object, Layout>();

/** Compiles (and caches per settings object) the lenders struct and the halt horizons. */
export function compileLayout(lenders: Record<string, unknown>, haltHorizons: readonly number[]): Layout {
  const hit = cache.get(lenders);
  if (hit && hit.haltHorizons.join() === haltHorizons.join()) return hit;
  const parsed = lendersSchema.parse(lenders) as Record<string, LenderSpec>;
  const columns: Column[] = [];
  const add = (value: NumberOrDistribution, decl: NumberParam) => columns.push({ slot: columns.length, value, decl }) - 1;
  const colsOf = <T extends Record<string, NumberParam>>(fields: T, values: object, fallback: Record<string, number>) =>
    Object.fromEntries(Object.entries(fields).map(([k, decl]) => [k, add((values as Record<string, NumberOrDistribution | undefined>)[k] ?? fallback[k] ?? decl.default, decl)])) as ColumnsOf<T>;

  let segmentSlots = 0;
  let bucketSlots = 0;
  let words = 0;
  const out: LenderLayout[] = Object.entries(parsed).map(([id, spec], l) => {
    const col = colsOf(LENDER_FIELDS, spec, {});
    const segments = Object.entries(spec.segments).map(([name, seg]) => {
      const builtIn = SEGMENT_DEFAULTS[name] ?? SEGMENT_DEFAULTS.others;
      words += 2;
      return { name, slot: segmentSlots++, col: colsOf(SEGMENT_FIELDS, seg, builtIn) };
    });
    const books = spec.loans.map((b) => {
      const layout: BookLayout = {
        borrower: BORROWER_TYPES.indexOf(b.borrower),
        inflowRate: INFLOW_RATE[b.borrower],
        callable: b.callable,
        rollOver: b.rollOver,
        tenorDays: b.tenorDays,
        buckets: b.buckets,
        borrowers: b.borrowers,
        firstBucket: bucketSlots,
        col: colsOf(BOOK_FIELDS, b, {}),
      };
      bucketSlots += b.buckets;
      words += 2 * b.buckets;
      return layout;
    });
    const signals = Object.fromEntries(LENDER_OUTPUTS.map((k) => [k, `lender.${id}.${k}`])) as Record<LenderOutput, string>;
    const bucketCount = books.reduce((n, b) => n + b.buckets, 0);
    const haltWithin = haltHorizons.map((d) => `lender.${id}.haltedWithin${d}d`);
    return { id, spec, slot: l * LV.WIDTH, col, callLagDays: spec.callLagDays, segments, books, bucketCount, signals, haltWithin };
  });
  const layout: Layout = { lenders: out, haltHorizons: [...haltHorizons], columns, segmentSlots, bucketSlots, wordsPerStep: words };
  cache.set(lenders, layout);
  return layout;
}
