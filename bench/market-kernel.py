"""The market kernel of Cascade in NumPy, as the yardstick for the engine (bench/run.mjs).

Same model as src/models/market/kernel.ts with its default parameters: a calm/stress regime
switch, the diffusion (mu - lambda mu_J) dt + x + sigma sqrt(h dt) Z with the GARCH ratio
h' = 1 - a - b + (a Z^2 + b) h and the trend x' = x keep + kappa sigma sqrt(h dt) Z, Merton jumps (k ~ Poisson(lambda dt),
the sum of k jumps ~ N(k mu_J, k sigma_J^2)), then price, running peak, drawdown and the EWMA
volatility, for every path at every step. Written as NumPy is meant to be used: whole-array
operations, preallocated buffers updated in place (out=), regime-dependent constants picked by
indexing a two-entry table, jump sizes drawn only for the paths that jumped, and the paths run
in chunks that stay in cache (the chunk size is an option; the default was the fastest one
measured, see bench/README.md).

Prints one JSON line: {"paths", "steps", "chunk", "seconds", "pathStepsPerSecond"}.
"""

import argparse
import json
import math
import time

import numpy as np

DAYS_PER_YEAR = 365.0

# default parameters of src/models/market/params.ts
PRICE = 73300.0
PEAK = 126080.0
DRIFT = (0.2, 0.2)  # expected log return per year, calm and stress
VOL = (0.48, 1.15)  # per sqrt(year)
LEAVE = (0.0036, 0.02)  # daily probability of leaving calm, stress
GARCH_ALPHA = 0.015
GARCH_BETA = 0.983
TREND_GAIN = 0.006
TREND_HALF_LIFE_DAYS = 90.0
JUMPS = (2.0, 12.0)  # per year
JUMP_MEAN = -0.02
JUMP_SD = 0.14
EWMA_LAMBDA = 0.94


def poisson_inversion(lam: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Poisson(lam) counts by sequential search: the least k with P(K <= k) >= u (exact)."""
    p = np.exp(-lam)
    cdf = p.copy()
    k = np.zeros(lam.size)
    more = np.flatnonzero(u > cdf)
    while more.size:
        k[more] += 1
        p[more] *= lam[more] / k[more]
        cdf[more] += p[more]
        more = more[u[more] > cdf[more]]
    return k


def simulate(rng: np.random.Generator, n: int, steps: int, days: float = 1.0) -> dict:
    """Runs n paths over `steps` steps; returns the final state (so no work can be skipped)."""
    dt = days / DAYS_PER_YEAR
    vol = np.array(VOL)
    drift_dt = (np.array(DRIFT) - np.array(JUMPS) * JUMP_MEAN) * dt
    trend_keep = 2.0 ** (-days / TREND_HALF_LIFE_DAYS)
    garch_const = 1.0 - GARCH_ALPHA - GARCH_BETA
    diffusion = vol * math.sqrt(dt)
    leave = 1 - (1 - np.array(LEAVE)) ** days
    jump_rate = np.array(JUMPS) * dt
    no_jump = np.exp(-jump_rate)

    # initial state: regime from the stationary distribution
    stress_share = LEAVE[0] / (LEAVE[0] + LEAVE[1])
    regime = (rng.random(n) < stress_share).astype(np.intp)
    ln_price = np.full(n, math.log(PRICE))
    peak = np.full(n, max(PEAK, PRICE))
    ewma_var = vol[regime] ** 2 / DAYS_PER_YEAR
    h = np.ones(n)
    trend = np.zeros(n)

    u = np.empty(n)
    switch = np.empty(n, dtype=bool)
    z = np.empty(n)
    x = np.empty(n)
    scratch = np.empty(n)
    price = np.empty(n)
    drawdown = np.empty(n)
    volatility = np.empty(n)
    for _ in range(steps):
        # regime switch
        rng.random(out=u)
        np.less(u, leave[regime], out=switch)
        regime ^= switch
        # diffusion with the GARCH ratio h, then the trend and h move on
        rng.standard_normal(out=z)
        np.sqrt(h, out=scratch)
        np.multiply(diffusion[regime], scratch, out=scratch)
        scratch *= z
        np.add(drift_dt[regime], trend, out=x)
        x += scratch
        trend *= trend_keep
        scratch *= TREND_GAIN
        trend += scratch
        np.multiply(z, z, out=scratch)
        scratch *= GARCH_ALPHA
        scratch += GARCH_BETA
        h *= scratch
        h += garch_const
        # jumps: k ~ Poisson(lambda dt) by inverting a uniform, as the engine does; k = 0 below
        # e^(-lambda dt) (about 99% of paths), so the search runs for the others only
        rng.random(out=u)
        hit = np.flatnonzero(u > no_jump[regime])
        if hit.size:
            k = poisson_inversion(jump_rate[regime[hit]], u[hit])
            x[hit] += k * JUMP_MEAN + np.sqrt(k) * JUMP_SD * rng.standard_normal(hit.size)
        # price, running peak, drawdown
        ln_price += x
        np.exp(ln_price, out=price)
        np.maximum(peak, price, out=peak)
        np.divide(price, peak, out=drawdown)
        np.subtract(1.0, drawdown, out=drawdown)
        # EWMA variance of daily returns, annualised volatility
        ewma_var *= EWMA_LAMBDA
        np.multiply(x, x, out=scratch)
        scratch *= (1 - EWMA_LAMBDA) / days
        ewma_var += scratch
        np.multiply(ewma_var, DAYS_PER_YEAR, out=volatility)
        np.sqrt(volatility, out=volatility)
    return {"price": price, "drawdown": drawdown, "vol": volatility, "regime": regime}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--steps", type=int, default=365)
    ap.add_argument("--chunk", type=int, default=16384, help="paths simulated together (0: all at once)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    chunk = args.chunk if args.chunk > 0 else args.paths
    started = time.perf_counter()
    checksum = 0.0
    for first in range(0, args.paths, chunk):
        out = simulate(rng, min(chunk, args.paths - first), args.steps)
        checksum += float(out["drawdown"].sum())
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "paths": args.paths,
                "steps": args.steps,
                "chunk": chunk,
                "seconds": seconds,
                "pathStepsPerSecond": args.paths * args.steps / seconds,
                "meanDrawdown": checksum / args.paths,
            }
        )
    )


if __name__ == "__main__":
    main()
