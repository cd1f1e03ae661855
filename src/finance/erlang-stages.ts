/**
 * A pipeline delay as k first-order stages in series (an Erlang-k delay in continuous time;
 * Sterman, Business Dynamics ch. 11): what enters waits in stage 1, passes to stage 2, …, and
 * leaves after the last. In discrete steps of Δ days each stage passes the share
 *
 *   p = 1 / (1 + τ/(k·Δ))
 *
 * of what it holds (its content plus what entered this step), so a unit spends a geometric
 * number of steps on {0, 1, 2, …} with mean (1 − p)/p = τ/(kΔ) in each stage: the mean delay of
 * the whole chain is exactly τ for any τ ≥ 0 and any step (τ = 0 passes everything through at
 * once). Its variance is τ²/k + τΔ, which tends to the Erlang variance τ²/k as Δ → 0; more
 * stages make the delay less dispersed. Content is conserved: in = out + Δ(stock).
 */

/** p, the share a stage passes per step, for a chain of `stages` stages with mean `meanDays`. */
export function stagePassShare(meanDays: number, stages: number, stepDays: number): number {
  return meanDays > 0 ? 1 / (1 + meanDays / (stages * stepDays)) : 1;
}

/**
 * Advances the `stages` stages stored at buf[o], …, buf[o + stages − 1] by one step: `inflow`
 * enters the first, each passes the share p of its content on. Returns what leaves the last.
 */
export function advanceStages(buf: Float64Array, o: number, stages: number, pass: number, inflow: number): number {
  let flow = inflow;
  for (let s = o; s < o + stages; s++) {
    const x = buf[s] + flow;
    flow = x * pass;
    buf[s] = x - flow;
  }
  return flow;
}

/** Content of every stage when a constant `inflow` per step has run for ever: inflow·(1 − p)/p. */
export function steadyStageContent(inflow: number, pass: number): number {
  return pass > 0 ? (inflow * (1 - pass)) / pass : 0;
}

/** Total content of the stages at buf[o..o + stages). */
export function stagesContent(buf: Float64Array, o: number, stages: number): number {
  let total = 0;
  for (let s = o; s < o + stages; s++) total += buf[s];
  return total;
}
