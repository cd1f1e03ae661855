"""The leverage cascade of Cascade in NumPy, as the yardstick for the engine (bench/run.mjs).

Same kernel as the benchmark plan of bench/run.mjs: the market in one regime without jumps
(src/models/market/kernel.ts in the calm regime: the drift μ, the trend and the GARCH ratio of
the calm variance, its price, peak and EWMA volatility; the cascades' σ_d from the GARCH ratio
after the move, as market/impact.ts) and the leverage model with its defaults and one venue
(src/models/leverage): per path, long and short books of
K = 64 liquidation-price bins (contracts and first moments), the day's Brownian-bridge low and
high, the cascade through the square-root law bin by bin in trigger order with the insurance
fund and auto-deleveraging, counterparties leaving the other side, deleveraging, turnover, the
rebuild toward the target, the flush memory, re-centring the grids, and new positions at the
close with the leverage mix. The same algorithm as kernel.ts, cascade.ts, book.ts, rebuild.ts
and grid.ts, line for line.

Written as NumPy is meant to be used: whole-array operations on the paths of a chunk, books
stored bin-major ((K, n): a bin's values for all paths are contiguous), and the cascade's scan
over bins run on a shrinking index set (the paths whose cascade is still going), so that after
the first few bins it costs little; paths run in chunks (default 16,384).

Prints one JSON line: {"paths", "steps", "chunk", "seconds", "pathStepsPerSecond",
"meanLiquidatedUsdPerStep", "meanOpenInterestUsd"}; with --per-step, first a line a step (step,
mean liquidated $M, mean open interest $B) to compare step by step with the engine's recorded
means (an untimed diagnostic: it adds an exp a path-step).
"""

import argparse
import json
import math
import time

import numpy as np

DAYS = 365.0

# market (src/models/market/params.ts), calm regime only, no jumps: the bench plan's settings
PRICE = 73300.0
PEAK = 126080.0
DRIFT = 0.2  # μ_calm: expected log return per year (no jumps to compensate)
VOL = 0.48
GARCH_ALPHA = 0.015
GARCH_BETA = 0.983
TREND_GAIN = 0.006
TREND_HALF_LIFE_DAYS = 90.0
VOLUME = 40e9
EWMA_LAMBDA = 0.94
IMPACT_Y = 1.0

# leverage defaults (src/models/leverage/params.ts)
OI_USD = 61e9
LEVERAGED = 0.4
MMR = 0.004
LOOKBACK = 30
HOLDING = 7.0
REBUILD_HL = 14.0
TARGET = 1.0
DELEVERAGE = 2.0
FUND = 2.2e9  # insuranceFundUsd; the bench's one venue holds all of it
REMAINING = 1.0
PERSIST = 0.7
PERMANENT = 0.5  # impactPermanentShare (src/finance/transient-impact.ts)
IMPACT_KEEP = 2 ** (-1 / 10.0)  # 2^(−Δ/h_I), impactHalfLifeDays 10
RANGE = 1.0
DEPTH = 1.0
GAP = 0.0
FLUSH_GAIN = 4.0
FLUSH_HL = 30.0
K = 64
H = 0.0125
TOP_GAP = 5
SLACK = 8
LONG_MIX = {2: 0.2, 3: 0.2, 5: 0.2, 10: 0.2, 20: 0.12, 50: 0.06, 100: 0.02}
SHORT_MIX = {2: 0.25, 3: 0.25, 5: 0.2, 10: 0.17, 20: 0.09, 50: 0.03, 100: 0.01}
FLUSH_MIX = {2: 0.35, 3: 0.25, 5: 0.2, 10: 0.13, 20: 0.05, 50: 0.015, 100: 0.005}
LEVERAGES = sorted(set(LONG_MIX) | set(SHORT_MIX) | set(FLUSH_MIX))


def weights(mix):
    total = sum(mix.values())
    return np.array([mix.get(l, 0.0) / total for l in LEVERAGES])


W_LONG, W_SHORT, W_FLUSH = weights(LONG_MIX), weights(SHORT_MIX), weights(FLUSH_MIX)
D_LONG = np.array([math.log((1 - 1 / l) / (1 - MMR)) if l > 1 else -math.inf for l in LEVERAGES])
D_SHORT = np.array([math.log((1 + 1 / l) / (1 + MMR)) for l in LEVERAGES])


def bin_of(ln_liq, base):
    return np.clip(np.rint(ln_liq / H) - base, 0, K - 1).astype(np.intp)


class Side:
    """One side of the books of a chunk: contracts C and moments M, (K, n); base, scale, pool, near."""

    def __init__(self, n, base, near):
        self.C = np.zeros((K, n))
        self.M = np.zeros((K, n))
        self.base = base
        self.scale = np.ones(n)
        self.pool = np.zeros(n)
        self.near = np.full(n, near, dtype=np.intp)

    def add(self, ln_liq, stored, cols):
        j = bin_of(ln_liq, self.base[cols])
        self.C[j, cols] += stored
        self.M[j, cols] += stored * ln_liq
        return j


def cascade_leg(side, sg, cols, ext, v, sig, fund, bankrupt):
    """book.cascadeLeg on the paths `cols` of a chunk: the scan in trigger order on the paths still going.

    Per-path arrays are the chunk's (indexed by column); returns the leg's impact, contracts and
    USD liquidated, contracts and USD auto-deleveraged, as chunk-sized arrays (0 off `cols`).
    """
    n = ext.size
    x = ext.copy()
    q = np.zeros(n)
    i0 = np.zeros(n)
    contracts = np.zeros(n)
    usd = np.zeros(n)
    adl_c = np.zeros(n)
    adl_usd = np.zeros(n)
    j = side.near  # each path's current bin; left where its scan stopped
    active = cols[(j[cols] >= 0) & (j[cols] < K)]
    while active.size:
        ja = j[active]
        stored = side.C[ja, active]
        empty = stored == 0
        xa = x[active]
        edge = (side.base[active] + ja + 0.5 * sg) * H
        level = np.divide(side.M[ja, active], stored, out=np.zeros_like(stored), where=~empty)
        stop = np.where(empty, sg * (edge - xa) < 0, sg * (level - xa) < 0)
        go = ~empty & ~stop
        if go.any():
            g = active[go]
            jg = ja[go]
            c = level[go]
            side.C[jg, g] = 0.0
            side.M[jg, g] = 0.0
            nn = stored[go] * side.scale[g]
            p_liq = np.exp(c)
            value = nn * p_liq
            q0 = q[g]
            q1 = q0 + value
            i1 = -sg * IMPACT_Y * sig[g] * np.sqrt(q1 / v[g])
            crossed = sg * (c - ext[g]) >= 0
            reached = ext[g] + i0[g]
            trig = np.where(crossed, c + GAP * (ext[g] - c), np.minimum(reached, c) if sg > 0 else np.maximum(reached, c))
            dq = q1 - q0
            thin = ~(np.abs(dq) > 1e-12 * np.abs(q1))
            avg = np.where(thin, i1, (2.0 / 3.0) * (q1 * i1 - q0 * i0[g]) / np.where(thin, 1.0, dq))
            fill = trig + avg - i0[g]
            p_bk = p_liq * bankrupt
            loss = sg * (p_bk - np.exp(fill)) * nn
            f = fund[g]
            surplus = loss <= 0
            covered = ~surplus & (f >= loss)
            partial = ~surplus & ~covered
            executed = np.where(partial, f / np.where(partial, loss, 1.0), 1.0)
            fund[g] = np.where(surplus, f - loss * REMAINING, np.where(covered, f - loss, 0.0))
            if partial.any():
                q1 = np.where(partial, q0 + executed * value, q1)
                i1 = np.where(partial, -sg * IMPACT_Y * sig[g] * np.sqrt(q1 / v[g]), i1)
            adl_c[g] += (1 - executed) * nn
            adl_usd[g] += (1 - executed) * nn * p_bk
            contracts[g] += executed * nn
            usd[g] += executed * value
            q[g] = q1
            i0[g] = i1
            x[g] = ext[g] + i1
        # paths that stopped keep their bin as the next start; the others move on
        going = active[~stop]
        j[going] -= sg
        active = going[(j[going] >= 0) & (j[going] < K)]
    return i0, contracts, usd, adl_c, adl_usd


def shift_rows(A, cols, s):
    """shiftBook on the paths `cols` (bin-major A): bin j takes bin j + s; what falls off merges into the end bins."""
    sub = A[:, cols]
    src = np.arange(K)[:, None] + s[None, :]
    valid = (src >= 0) & (src < K)
    moved = np.where(valid, np.take_along_axis(sub, np.clip(src, 0, K - 1), axis=0), 0.0)
    cs = np.cumsum(sub, axis=0)
    total = cs[-1]
    low = np.where(s > 0, cs[np.clip(s - 1, 0, K - 1), np.arange(cols.size)], 0.0)  # bins 0..s−1
    low = np.where(s >= K, total, low)
    hi_start = K + s  # for s < 0: bins K + s .. K − 1 fall off the top
    high = np.where(s < 0, total - np.where(hi_start > 0, cs[np.clip(hi_start - 1, 0, K - 1), np.arange(cols.size)], 0.0), 0.0)
    moved[0] += low
    moved[K - 1] += high
    A[:, cols] = moved


def recentre(L, S, ln_c):
    n_top = np.ceil(ln_c / H)
    want_l = n_top + TOP_GAP - (K - 1)
    move_grid(L, np.flatnonzero((L.base + K - 1 < n_top + 1) | (L.base >= want_l + SLACK)), want_l, -1)
    want_s = np.floor(ln_c / H) - TOP_GAP
    move_grid(S, np.flatnonzero((S.base > np.floor(ln_c / H) - 1) | (S.base <= want_s - SLACK)), want_s, K)


def move_grid(side, move, want, none):
    """grid.ts moveGrid on the paths `move`: bin 0 becomes grid index `want`, contents and near bound with it (`none`: no position)."""
    if move.size == 0:
        return
    s = (want[move] - side.base[move]).astype(np.intp)
    shift_rows(side.C, move, s)
    shift_rows(side.M, move, s)
    side.base[move] = want[move]
    near = side.near[move]
    side.near[move] = np.where(near == none, none, np.clip(near - s, 0, K - 1))


def simulate(rng, n, steps, per_step=False):
    """Runs n paths over `steps` steps; per_step: also each step's liquidated USD and open interest USD summed over the paths (untimed diagnostics)."""
    dt = 1.0 / DAYS
    sig_d = VOL * math.sqrt(dt)
    drift = DRIFT * dt
    trend_keep = 2.0 ** (-1.0 / TREND_HALF_LIFE_DAYS)
    garch_const = 1.0 - GARCH_ALPHA - GARCH_BETA
    cols = np.arange(n)
    ln_p = np.full(n, math.log(PRICE))
    peak = np.full(n, max(PEAK, PRICE))
    ewma = np.full(n, VOL * VOL / DAYS)
    h = np.ones(n)  # the GARCH ratio of the calm variance (σ₀ = σ_calm: h₀ = 1)
    trend = np.zeros(n)
    L = Side(n, np.ceil(ln_p / H) + TOP_GAP - (K - 1), -1)
    S = Side(n, np.floor(ln_p / H) - TOP_GAP, K)
    oi = OI_USD / PRICE
    fund = np.full(n, FUND)
    mix = np.zeros(n)
    turnover = 1 - math.exp(-1 / HOLDING)
    rebuild = 1 - 2 ** (-1 / REBUILD_HL)
    mix_decay = 2 ** (-1 / FLUSH_HL)

    # the starting book: entries over the look-back window (a random walk back from P₀ at the
    # market's volatility), weight e^{−a/τ}, survivors only, scaled to O₀ contracts per side
    ln_e = ln_p.copy()
    min_later = np.full(n, np.inf)
    max_later = np.full(n, -np.inf)
    total_l = np.zeros(n)
    total_s = np.zeros(n)
    for a in range(LOOKBACK):
        if a > 0:
            np.minimum(min_later, ln_e, out=min_later)
            np.maximum(max_later, ln_e, out=max_later)
            ln_e = ln_e - sig_d * rng.standard_normal(n)
        w = math.exp(-a / HOLDING)
        L.pool += (1 - LEVERAGED) * w
        S.pool += (1 - LEVERAGED) * w
        total_l += (1 - LEVERAGED) * w
        total_s += (1 - LEVERAGED) * w
        for c in range(len(LEVERAGES)):
            nl = w * LEVERAGED * W_LONG[c]
            if D_LONG[c] == -math.inf:
                L.pool += nl
                total_l += nl
            elif nl > 0:
                alive = np.flatnonzero(ln_e + D_LONG[c] < min_later)
                L.near[alive] = np.maximum(L.near[alive], L.add(ln_e[alive] + D_LONG[c], nl, alive))
                total_l[alive] += nl
            ns = w * LEVERAGED * W_SHORT[c]
            if ns > 0:
                alive = np.flatnonzero(ln_e + D_SHORT[c] > max_later)
                S.near[alive] = np.minimum(S.near[alive], S.add(ln_e[alive] + D_SHORT[c], ns, alive))
                total_s[alive] += ns
    L.scale = oi / total_l
    S.scale = oi / total_s
    oi = np.full(n, oi)
    oi0 = oi.copy()
    liquidated_sum = 0.0
    # the cascades' metaorder state M, T, P (src/finance/transient-impact.ts)
    imp_m = np.zeros(n)
    imp_t = np.zeros(n)
    imp_p = np.zeros(n)
    sums = []

    for _ in range(steps):
        # the market (market/kernel.ts diffusionReturn): μ·dt + x + σ√(h·dt)·z, then the trend
        # x′ = x·keep + κ·σ√(h·dt)·z and the GARCH ratio h′ = 1 − α − β + (α·z² + β)·h; the
        # cascades' σ_d is σ√(h′·dt), after the move (market/impact.ts writeImpactInputs)
        z = rng.standard_normal(n)
        shock = sig_d * np.sqrt(h) * z
        x_m = drift + trend + shock
        trend = trend * trend_keep + TREND_GAIN * shock
        h = garch_const + (GARCH_ALPHA * z * z + GARCH_BETA) * h
        ln_a = ln_p
        ln_b = ln_p + x_m
        # the day's Brownian-bridge extremes
        d = ln_b - ln_a
        sig = sig_d * np.sqrt(h)
        s_b = RANGE * sig
        lo = 0.5 * (ln_a + ln_b - np.sqrt(d * d - 2 * s_b * s_b * np.log(rng.random(n))))
        hi = 0.5 * (ln_a + ln_b + np.sqrt(d * d - 2 * s_b * s_b * np.log(rng.random(n))))
        v = np.full(n, VOLUME * DEPTH)
        oi_before = oi.copy()
        impact_l = np.zeros(n)
        impact_s = np.zeros(n)
        removed = np.zeros(n)
        step_liq = 0.0
        down = ln_b < ln_a
        # the leg against the step's net move first: shorts first on down steps, longs on up steps
        for phase in (0, 1):
            for sg in (-1, 1):
                sel = np.flatnonzero(down if (sg == -1) == (phase == 0) else ~down)
                if sel.size == 0:
                    continue
                side, other = (L, S) if sg > 0 else (S, L)
                imp, lc, lusd, ac, ausd = cascade_leg(side, sg, sel, lo if sg > 0 else hi, v, sig, fund, (1 - MMR) if sg > 0 else (1 + MMR))
                rem = (lc + ac)[sel]
                o = oi[sel]
                hit = (rem > 0) & (o > 0)
                keep = np.where(rem < o, (o - rem) / np.where(o > 0, o, 1.0), 0.0)
                other.scale[sel] *= np.where(hit, keep, 1.0)
                oi[sel] = np.where(hit, np.maximum(o - rem, 0.0), o)
                if sg > 0:
                    impact_l[sel] = imp[sel]
                else:
                    impact_s[sel] = imp[sel]
                removed[sel] += rem
                liquidated = lusd.sum()
                liquidated_sum += liquidated
                step_liq += liquidated
        # the close through the transient impact (kernel.ts closeImpact): relax, then the day's
        # end-of-day impact e as the notional the square-root law prices at e from an empty state
        e = PERSIST * (impact_l + impact_s)
        d_before = imp_t + imp_p
        imp_m *= IMPACT_KEEP
        imp_t *= IMPACT_KEEP
        unit = IMPACT_Y * sig
        ratio = np.divide(e, unit, out=np.zeros(n), where=unit > 0)
        q = np.where(e < 0, 1.0, -1.0) * v * ratio * ratio
        m1 = imp_m + q
        marginal = np.sign(m1) * unit * np.sqrt(np.abs(m1) / v) - np.sign(imp_m) * unit * np.sqrt(np.abs(imp_m) / v)
        marginal = np.where(e != 0, marginal, 0.0)
        imp_m = np.where(e != 0, m1, imp_m)
        imp_p += PERMANENT * marginal
        imp_t += (1 - PERMANENT) * marginal
        ln_c = ln_b + (d_before - (imp_t + imp_p))
        ret = x_m + (ln_c - ln_b)
        ln_p = ln_c
        price = np.exp(ln_c)
        np.maximum(peak, price, out=peak)
        ewma = EWMA_LAMBDA * ewma + (1 - EWMA_LAMBDA) * ret * ret
        # deleveraging, rebuild gap, turnover, rebuild closes, flush memory
        f_del = np.where((removed > 0) & (oi > 0), np.minimum(1.0, DELEVERAGE * removed / np.where(oi > 0, oi, 1.0)), 0.0)
        keep = 1 - f_del
        L.scale *= keep
        S.scale *= keep
        oi *= keep
        gap = (TARGET * oi0 - oi) * rebuild
        turn = turnover * oi
        L.scale *= 1 - turnover
        S.scale *= 1 - turnover
        oi *= 1 - turnover
        neg = (gap < 0) & (oi > 0)
        f_gap = np.where(neg, -gap / np.where(oi > 0, oi, 1.0), 0.0)
        L.scale *= 1 - f_gap
        S.scale *= 1 - f_gap
        oi *= 1 - f_gap
        opened = turn + np.maximum(gap, 0.0)
        mix = np.minimum(1.0, mix * mix_decay + np.where(oi_before > 0, FLUSH_GAIN * removed / np.where(oi_before > 0, oi_before, 1.0), 0.0))
        recentre(L, S, ln_c)
        # (renormalising the scales: below 1e-100 only after thousands of steps; not reached here)
        # new positions at the close
        in_l = 1 / L.scale
        in_s = 1 / S.scale
        S.pool += (1 - LEVERAGED) * opened * in_s
        pool_l = (1 - LEVERAGED) * opened
        for c in range(len(LEVERAGES)):
            nl = LEVERAGED * opened * ((1 - mix) * W_LONG[c] + mix * W_FLUSH[c])
            ns = LEVERAGED * opened * ((1 - mix) * W_SHORT[c] + mix * W_FLUSH[c])
            if D_LONG[c] == -math.inf:
                pool_l += nl
            else:
                np.maximum(L.near, L.add(ln_c + D_LONG[c], nl * in_l, cols), out=L.near)
            np.minimum(S.near, S.add(ln_c + D_SHORT[c], ns * in_s, cols), out=S.near)
        L.pool += pool_l * in_l
        oi += opened
        if per_step:
            sums.append((step_liq, float((oi * np.exp(ln_p)).sum())))
    return {"perStep": sums, "liquidated": liquidated_sum, "oiUsd": float((oi * np.exp(ln_p)).sum()), "peak": float(peak.mean()), "ewma": float(ewma.mean())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--steps", type=int, default=365)
    ap.add_argument("--chunk", type=int, default=16_384)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-step", action="store_true", help="also print each step's mean liquidated USD and open interest USD")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    liquidated = 0.0
    oi_usd = 0.0
    per_step = np.zeros((a.steps, 2))
    for start in range(0, a.paths, a.chunk):
        r = simulate(rng, min(a.chunk, a.paths - start), a.steps, a.per_step)
        if a.per_step:
            per_step += np.array(r["perStep"])
        liquidated += r["liquidated"]
        oi_usd += r["oiUsd"]
    seconds = time.perf_counter() - t0
    if a.per_step:
        for t, (liq, oi) in enumerate(per_step / a.paths, start=1):
            print(t, f"{liq / 1e6:.2f}", f"{oi / 1e9:.3f}")
    print(json.dumps({
        "paths": a.paths,
        "steps": a.steps,
        "chunk": a.chunk,
        "seconds": seconds,
        "pathStepsPerSecond": a.paths * a.steps / seconds,
        "meanLiquidatedUsdPerStep": liquidated / (a.paths * a.steps),
        "meanOpenInterestUsd": oi_usd / a.paths,
    }))


if __name__ == "__main__":
    main()
