/*
 * The supply model's step in C (src/models/supply: orders.ts, capacity.ts, grey.ts, the outputs
 * of kernel.ts and policy.ts), as the yardstick for the engine (bench/run.mjs --kernel supply).
 *
 * The supply model alone, with its default items and the status-quo policy: no consumer model
 * orders, so the consumers' pipelines (…Own) are never entered, as in the engine. Per path and
 * step, item by item and channel by channel: the market's orders (shared by open capacity for a
 * substitutable item), a stocked channel's distributor reordering by anchoring and adjustment,
 * production at the open capacity into the Erlang stages of transit, customs and licence, the
 * stock's shipments, capacity ramps and lead-time quotes, the grey channel and the price index;
 * then every output signal. Every path is stepped: the engine's copy of an item alike on every
 * path (kernel.ts) is not done here, and the bench draws a parameter per path so that the
 * engine steps every path too.
 *
 * The record is the engine's own: bench/run.mjs runs the model's init in the engine, writes the
 * block's records to a file and the record layout (offsets, items, channels) to a header it
 * includes when compiling this file (-include supply-layout.h), so that the two step the same
 * numbers in the same order. Compiled with -ffp-contract=off (no fused multiply-adds) the final
 * records equal the engine's bit for bit, which the bench checks before timing.
 *
 * Usage: supply-kernel RECORDS_FILE PATHS_IN_FILE STEPS PATHS [FINAL_RECORDS_FILE]
 * (the file's paths are repeated to make PATHS; with FINAL_RECORDS_FILE, the first PATHS_IN_FILE
 * records after STEPS steps are written there). Prints one JSON line:
 * {"paths", "steps", "seconds", "pathStepsPerSecond"}.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the generated header gives W (doubles per path), N_ITEMS, N_CHANNELS, BLOCK, STEP_DAYS, POLICY,
 * the record's offsets C_*, I_*, G_*, PF_*, and the tables CHANNELS_INIT (item by item), ITEMS_INIT and
 * CHANNEL_START_DAY_INIT (by channel index), initialisers of the tables below */
typedef struct {
  int off, index, stocked, started, targeted, transit, customs, licence, grey;
} Channel;
typedef struct {
  int off, stages, substitutable, first, count; /* its channels: CHANNELS[first .. first+count) */
} Item;
#ifndef W
#error "compile with -include supply-layout.h (written by bench/run.mjs)"
#endif
static Channel CHANNELS[N_CHANNELS] = CHANNELS_INIT;
static const Item ITEMS[N_ITEMS] = ITEMS_INIT;
static const int CHANNEL_START_DAY[N_CHANNELS] = CHANNEL_START_DAY_INIT;

#define DUST 1e-9
#define RAMP_SEED 0.1

static double cap_open[N_CHANNELS];
static double official_units, official_cost;

static inline double advance_stages(double *restrict buf, int stages, double pass, double inflow) {
  double flow = inflow;
  for (int s = 0; s < stages; s++) {
    const double x = buf[s] + flow;
    flow = x * pass;
    buf[s] = x - flow;
  }
  return flow;
}

static inline double logistic_step(double x, double ceiling, double decay) {
  if (!(x > 0) || !(ceiling > 0)) return 0;
  if (x >= ceiling) return ceiling;
  return ceiling / (1 + (ceiling / x - 1) * decay);
}

static void reorder(double *rec, double *c, double ordered, double capOpen, double dt) {
  const double maxPlan = rec[G_maxPlan];
  const double expected = c[C_expected] + rec[G_gainDemand] * (ordered / dt - c[C_expected]);
  c[C_expected] = expected;
  const double queue = capOpen > 0 ? c[C_orders] / capOpen : maxPlan;
  double lead = queue + c[C_transitDays] + c[C_customsDays] + c[C_licenceDays];
  if (lead > maxPlan) lead = maxPlan;
  const double stockGap = c[C_coverDays] * expected - (c[C_stock] - c[C_buyers]);
  const double lineGap = expected * lead - (c[C_orders] + c[C_pipe]);
  const double rate = expected + rec[G_alpha] * (stockGap + rec[G_beta] * lineGap);
  c[C_orders] += dt * (rate > 0 ? rate : 0);
}

static void orders_and_pipeline(double *rec, const Item *it, double openTotal, double dt) {
  const double D = rec[it->off + I_demand];
  const double extraCost = rec[G_policy + PF_extraCostShare];
  double units = 0, cost = 0;
  for (int j = it->first; j < it->first + it->count; j++) {
    const Channel *ch = &CHANNELS[j];
    double *c = rec + ch->off;
    const double capOpen = ch->started ? c[C_cap] * c[C_open] : 0;
    cap_open[ch->index] = capOpen;
    const double w = it->substitutable && openTotal > 0 ? capOpen / openTotal : c[C_w];
    const double market = D * w * dt;
    const double own = 0;
    if (ch->stocked) {
      reorder(rec, c, market + own, capOpen, dt);
      c[C_buyers] += market + own;
      c[C_buyersOwn] += own;
    } else {
      c[C_orders] += market + own;
      c[C_ordersOwn] += own;
    }
    const double backlog = c[C_orders];
    const double sent = backlog < capOpen * dt ? backlog : capOpen * dt;
    const double sentOwn = backlog > 0 ? (sent * c[C_ordersOwn]) / backlog : 0;
    c[C_orders] = backlog - sent;
    c[C_ordersOwn] -= sentOwn;
    double arrived = 0;
    if (sent > 0 || c[C_pipe] > DUST) {
      const double crossed = advance_stages(rec + ch->transit, it->stages, c[C_pTransit], sent);
      const double cleared = advance_stages(rec + ch->customs, it->stages, c[C_pCustoms], crossed);
      arrived = advance_stages(rec + ch->licence, it->stages, c[C_pLicence], cleared);
      c[C_inCustoms] += crossed - cleared;
      c[C_pipe] += sent - arrived;
    }
    if (ch->stocked) {
      c[C_arrivals] += rec[G_gainArrivals] * (arrived / dt - c[C_arrivals]);
      const double stock = c[C_stock] + arrived;
      const double bb = c[C_buyers];
      const double shipped = stock < bb ? stock : bb;
      const double toBuyer = bb > 0 ? (shipped * c[C_buyersOwn]) / bb : 0;
      c[C_stock] = stock - shipped;
      c[C_buyers] = bb - shipped;
      c[C_buyersOwn] -= toBuyer;
    }
    units += arrived;
    cost += arrived * c[C_costIndex] * (ch->targeted ? 1 + extraCost : 1);
  }
  official_units = units;
  official_cost = cost;
}

static double quote(const double *rec, const Item *it, const Channel *ch) {
  const double *c = rec + ch->off;
  const double cap = rec[G_maxLead];
  const double domestic = rec[it->off + I_domesticDays];
  double lead;
  if (ch->stocked) {
    const double bb = c[C_buyers];
    lead = bb > DUST ? domestic + bb / c[C_arrivals] : domestic;
  } else {
    const double open = ch->started ? c[C_cap] * c[C_open] : 0;
    lead = open > 0 ? c[C_orders] / open + c[C_transitDays] + c[C_customsDays] + c[C_licenceDays] + domestic : 1.0 / 0.0;
  }
  return lead < cap ? lead : cap;
}

static void ramp_and_quote(double *rec, const Item *it, double *leadOut[], long i) {
  for (int j = it->first; j < it->first + it->count; j++) {
    const Channel *ch = &CHANNELS[j];
    double *c = rec + ch->off;
    if (ch->started) {
      const double full = c[C_capFull], cap = c[C_cap], decay = c[C_rampDecay];
      if (CHANNEL_START_DAY[ch->index] > 0 && cap < full) {
        c[C_cap] = logistic_step(cap > RAMP_SEED * full ? cap : RAMP_SEED * full, full, decay);
      } else if (c[C_open] > 0 && c[C_orders] > rec[G_rampTrigger] * cap) {
        const double room = (c[C_maxMultiple] - 1) * full;
        const double added = cap - full;
        c[C_cap] = full + logistic_step(added > RAMP_SEED * room ? added : RAMP_SEED * room, room, decay);
      }
    }
    const double lead = quote(rec, it, ch);
    c[C_lead] = lead;
    leadOut[ch->index][i] = lead;
  }
}

static void grey_channel(double *rec, const Item *it, double *greyDelivered[], long i, double dt) {
  const double span = rec[G_triggerSpan], patience = rec[G_patience];
  double requests = 0;
  for (int j = it->first; j < it->first + it->count; j++) {
    const Channel *ch = &CHANNELS[j];
    double *c = rec + ch->off;
    const double waiting = ch->stocked ? c[C_buyers] : c[C_orders];
    double trigger = cap_open[ch->index] > 0 ? (c[C_lead] / c[C_leadNormal] - 1) / span : 1;
    trigger = trigger < 0 ? 0 : trigger > 1 ? 1 : trigger;
    const double req = waiting * trigger * patience;
    c[C_greyRequests] = req;
    requests += req;
  }
  const int io = it->off;
  const int pol = G_policy;
  const double ceiling = rec[pol + PF_greyCapacityShare] * rec[io + I_greyFactor] * rec[io + I_demand];
  double g = rec[io + I_greyCap];
  if (g > ceiling) g = ceiling;
  else if (requests > 0) g = logistic_step(g > RAMP_SEED * ceiling ? g : RAMP_SEED * ceiling, ceiling, rec[G_greyDecay]);
  rec[io + I_greyCap] = g;
  const double served = requests < g * dt ? requests : g * dt;
  const double scale = requests > 0 ? served / requests : 0;
  double greyUnits = 0;
  for (int j = it->first; j < it->first + it->count; j++) {
    const Channel *ch = &CHANNELS[j];
    double *c = rec + ch->off;
    const double take = c[C_greyRequests] * scale;
    const int total = ch->stocked ? C_buyers : C_orders;
    const int own = ch->stocked ? C_buyersOwn : C_ordersOwn;
    const double waiting = c[total];
    const double takeOwn = waiting > 0 ? (take * c[own]) / waiting : 0;
    c[total] = waiting - take;
    c[own] -= takeOwn;
    double out = 0;
    if (take > 0 || c[C_greyContent] > 0) {
      out = advance_stages(rec + ch->grey, it->stages, rec[io + I_pGrey], take);
      c[C_greyContent] += take - out;
    }
    if (greyDelivered[ch->index]) greyDelivered[ch->index][i] = 0; /* the consumers' part: none orders */
    greyUnits += out;
  }
  const double units = official_units + greyUnits;
  const double mix0 = rec[io + I_mix0];
  if (units > DUST) rec[io + I_price] = (official_cost + greyUnits * mix0 * (1 + rec[pol + PF_greyPremium])) / (units * mix0);
}

/* Every output signal of path i (kernel.ts writeOutputs, policy.ts writePolicySignals). */
typedef struct {
  double *policyIndex, *customsDays, *openShare, *greyDefect;
  double *backlog[N_ITEMS], *marketBacklog[N_ITEMS], *inCustoms[N_ITEMS], *priceIndex[N_ITEMS], *availability[N_ITEMS];
  double *leadTime[N_CHANNELS], *delivered[N_CHANNELS], *greyDelivered[N_CHANNELS];
} Outputs;

static void write_outputs(const double *rec, Outputs *out, long i) {
  out->policyIndex[i] = POLICY;
  out->customsDays[i] = rec[G_policy + PF_customsDays];
  out->openShare[i] = rec[G_policy + PF_openShare];
  out->greyDefect[i] = rec[G_policy + PF_greyDefectShare];
  for (int n = 0; n < N_ITEMS; n++) {
    const Item *it = &ITEMS[n];
    double market = 0, customs = 0, openCap = 0, own = 0;
    for (int j = it->first; j < it->first + it->count; j++) {
      const Channel *ch = &CHANNELS[j];
      const double *c = rec + ch->off;
      market += ch->stocked ? c[C_buyers] : c[C_orders];
      customs += c[C_inCustoms];
      if (ch->started) openCap += c[C_cap] * c[C_open];
    }
    out->backlog[n][i] = own;
    out->marketBacklog[n][i] = market;
    out->inCustoms[n][i] = customs;
    out->priceIndex[n][i] = rec[it->off + I_price];
    const double normal = rec[it->off + I_normalCap] + rec[it->off + I_greyCap0];
    out->availability[n][i] = normal > 0 ? (openCap + rec[it->off + I_greyCap]) / normal : 0;
  }
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: supply-kernel RECORDS_FILE PATHS_IN_FILE STEPS PATHS [FINAL_RECORDS_FILE]\n");
    return 2;
  }
  const long inFile = atol(argv[2]), steps = atol(argv[3]), paths = atol(argv[4]);
  if (inFile < 1 || steps < 1 || paths < 1) {
    fprintf(stderr, "PATHS_IN_FILE, STEPS and PATHS must be positive\n");
    return 2;
  }
  double *start = malloc(inFile * W * sizeof(double));
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(start, sizeof(double), inFile * W, f) != (size_t)(inFile * W)) {
    fprintf(stderr, "cannot read %ld records of %d doubles from %s\n", inFile, W, argv[1]);
    return 1;
  }
  fclose(f);
  const long block = BLOCK;
  double *rec = malloc(block * W * sizeof(double));
  /* the output buffers of a block, one per signal, as the engine's */
  const int nOut = 4 + 5 * N_ITEMS + 3 * N_CHANNELS;
  double *outBuf = calloc((size_t)nOut * block, sizeof(double));
  Outputs out;
  double *next = outBuf;
#define TAKE() (next += block, next - block)
  out.policyIndex = TAKE(), out.customsDays = TAKE(), out.openShare = TAKE(), out.greyDefect = TAKE();
  for (int n = 0; n < N_ITEMS; n++) out.backlog[n] = TAKE(), out.marketBacklog[n] = TAKE(), out.inCustoms[n] = TAKE(), out.priceIndex[n] = TAKE(), out.availability[n] = TAKE();
  for (int j = 0; j < N_CHANNELS; j++) {
    out.leadTime[j] = TAKE();
    out.delivered[j] = TAKE();
    out.greyDelivered[j] = TAKE();
  }
  const double dt = STEP_DAYS;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  double checksum = 0;
  for (long first = 0; first < paths; first += block) {
    const long n = paths - first < block ? paths - first : block;
    for (long i = 0; i < n; i++) memcpy(rec + i * W, start + ((first + i) % inFile) * W, W * sizeof(double));
    for (long t = 1; t <= steps; t++) {
      /* a source supplies from its start day (0: from the start; -1: never), as setStarted */
      const double day = t * dt;
      for (int j = 0; j < N_CHANNELS; j++) {
        const int sd = CHANNEL_START_DAY[CHANNELS[j].index];
        CHANNELS[j].started = sd == 0 || (sd > 0 && day >= sd);
      }
      for (long i = 0; i < n; i++) {
        double *r = rec + i * W;
        for (int m = 0; m < N_ITEMS; m++) {
          const Item *it = &ITEMS[m];
          double openTotal = 0;
          if (it->substitutable)
            for (int j = it->first; j < it->first + it->count; j++) {
              const Channel *ch = &CHANNELS[j];
              openTotal += ch->started ? r[ch->off + C_cap] * r[ch->off + C_open] : 0;
            }
          orders_and_pipeline(r, it, openTotal, dt);
          for (int j = it->first; j < it->first + it->count; j++) out.delivered[CHANNELS[j].index][i] = 0;
          ramp_and_quote(r, it, out.leadTime, i);
          grey_channel(r, it, out.greyDelivered, i, dt);
        }
        write_outputs(r, &out, i);
      }
    }
    for (long i = 0; i < n; i++) checksum += out.priceIndex[0][i];
    if (first == 0 && argc > 5) {
      FILE *g = fopen(argv[5], "wb");
      if (!g || fwrite(rec, sizeof(double), (n < inFile ? n : inFile) * W, g) != (size_t)((n < inFile ? n : inFile) * W)) {
        fprintf(stderr, "cannot write %s\n", argv[5]);
        return 1;
      }
      fclose(g);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  const double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("{\"paths\": %ld, \"steps\": %ld, \"seconds\": %.6f, \"pathStepsPerSecond\": %.1f, \"meanPriceIndex\": %.6f}\n", paths, steps, seconds,
         (double)paths * steps / seconds, checksum / paths);
  free(start);
  free(rec);
  free(outBuf);
  return 0;
}
