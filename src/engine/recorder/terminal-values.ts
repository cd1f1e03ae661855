/**
 * The final value of every recorded signal on every path a record ran, kept by block: a worker
 * thread or a cluster shard holds (and sends) the values of its own paths only, not an array
 * of every path of the run per signal mostly filled with "not run here". Measured on the
 * flagship at 10,240 paths, full-length arrays in each worker's record and again in its packed
 * copy cost ~45 MB of a 2-thread run's peak (bench/README.md, "Peak memory on two threads").
 *
 * Readers want a signal's column over all paths (NaN where no block ran): the first `column`
 * read lays the blocks out in columns once, and blocks added after that go straight into them.
 */
export class TerminalValues {
  /** Blocks kept so far, until a column is read: values[k·paths + i] is signal k on path firstPath + i. */
  private blocks: TerminalBlock[] = [];
  /** The columns, once read: columns[k][path]. */
  private columns: Float64Array[] | null = null;

  /**
   * @param signals - recorded signals (rows of a block, in the plan's `record` order)
   * @param paths - paths of the whole run (the length of a column)
   */
  constructor(
    readonly signals: number,
    readonly paths: number,
  ) {}

  /** Keeps paths [firstPath, firstPath + n) of block values (signal-major, as {@link TerminalBlock}); the array is kept, not copied. */
  addBlock(block: TerminalBlock): void {
    if (block.values.length !== this.signals * block.paths) throw new Error(`terminal values: a block of ${block.paths} paths needs ${this.signals * block.paths} values, got ${block.values.length}`);
    if (this.columns) place(this.columns, block);
    else this.blocks.push(block);
  }

  /** Adds another record's values (disjoint paths). */
  merge(other: TerminalValues): void {
    for (const b of other.parts()) this.addBlock({ firstPath: b.firstPath, paths: b.paths, values: b.values.slice() });
  }

  /**
   * The values as blocks, for packing: the blocks kept, or — once columns were read — one block
   * of every path (NaN where none ran).
   */
  parts(): TerminalBlock[] {
    if (!this.columns) return this.blocks;
    const values = new Float64Array(this.signals * this.paths);
    this.columns.forEach((c, k) => values.set(c, k * this.paths));
    return [{ firstPath: 0, paths: this.paths, values }];
  }

  /** Signal k's final value on every path of the run (NaN where no block ran). */
  column(k: number): Float64Array {
    if (!this.columns) {
      this.columns = Array.from({ length: this.signals }, () => new Float64Array(this.paths).fill(NaN));
      for (const b of this.blocks) place(this.columns, b);
      this.blocks = [];
    }
    return this.columns[k];
  }
}

/** Final values of paths [firstPath, firstPath + paths): values[k·paths + i] is signal k on path firstPath + i. */
export interface TerminalBlock {
  firstPath: number;
  paths: number;
  values: Float64Array;
}

/** Copies a block's values into the columns, leaving NaN (a path another part ran) where it has none. */
function place(columns: Float64Array[], b: TerminalBlock): void {
  for (let k = 0; k < columns.length; k++) {
    const col = columns[k];
    const from = k * b.paths;
    for (let i = 0; i < b.paths; i++) {
      const v = b.values[from + i];
      if (v === v) col[b.firstPath + i] = v;
    }
  }
}
