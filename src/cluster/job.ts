/** What a shard job carries: which blocks of which point of which run, and who built it. */
export interface ShardJob {
  runId: string;
  point: number;
  /** Blocks [firstBlock, endBlock) of the point's plan. */
  firstBlock: number;
  endBlock: number;
  /** The Cascade version and code fingerprint of the coordinator: a worker of another refuses the job. */
  cascadeVersion: string;
  codeHash: string;
}
