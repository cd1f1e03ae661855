/**
 * Tables for the Marsaglia–Tsang (2000) ziggurat with 128 layers, scaled for a 24-bit
 * magnitude. A draw takes one 32-bit word: 7 bits pick the layer, 1 bit the sign and the
 * other 24 bits the magnitude, so layer and value come from disjoint bits (the correlation
 * Doornik (2005) found when the same bits serve both is avoided).
 */
export const ZIG_LAYERS = 128;
/** Right edge of the base layer (Marsaglia & Tsang 2000, 128-layer constants). */
export const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const SCALE = 16777216; // 2^24

/** kn[i]: the integer threshold below which layer i accepts at once. */
export const ZIG_K = new Float64Array(ZIG_LAYERS);
/** wn[i]: the width factor converting a 24-bit magnitude to x in layer i. */
export const ZIG_W = new Float64Array(ZIG_LAYERS);
/**
 * ZIG_W with the sign folded in, indexed by the word's low 8 bits (layer, then sign bit):
 * the fast path then picks the sign by a table read instead of a branch that would be
 * mispredicted on half the draws.
 */
export const ZIG_SIGNED_W = new Float64Array(2 * ZIG_LAYERS);
/** fn[i]: exp(−x_i²/2) at the layer's right edge. */
export const ZIG_F = new Float64Array(ZIG_LAYERS);

(function buildTables() {
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * SCALE;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / SCALE;
  ZIG_W[ZIG_LAYERS - 1] = dn / SCALE;
  ZIG_F[0] = 1;
  ZIG_F[ZIG_LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = ZIG_LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / SCALE;
  }
  for (let i = 0; i < ZIG_LAYERS; i++) {
    ZIG_SIGNED_W[i] = ZIG_W[i];
    ZIG_SIGNED_W[i + ZIG_LAYERS] = -ZIG_W[i];
  }
})();
