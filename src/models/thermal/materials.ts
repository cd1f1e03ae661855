/**
 * Heat-spreader materials: conductivities near room temperature, density, and whether the
 * material is synthetic diamond (whose area is costed and must be supplied). Numbers in
 * brackets are references of ../shared/reference/domain.md.
 */
export interface SpreaderMaterial {
  /** k_r, in-plane thermal conductivity, W/(m·K). */
  kInPlane: number;
  /** k_z, through-plane thermal conductivity, W/(m·K). */
  kThrough: number;
  /** ρ, kg/m³. */
  densityKgPerM3: number;
  /** Synthetic diamond: costed per cm² and limited by supply. */
  diamond: boolean;
  /** Where the figures come from. */
  source: string;
}

export const MATERIAL_NAMES = [
  'diamond-single-crystal',
  'diamond-cvd',
  'diamond-polycrystalline',
  'copper',
  'aluminium',
  'aln',
  'graphite-sheet',
] as const;
export type MaterialName = (typeof MATERIAL_NAMES)[number];

export const MATERIALS: Record<MaterialName, SpreaderMaterial> = {
  'diamond-single-crystal': {
    kInPlane: 2200,
    kThrough: 2200,
    densityKgPerM3: 3515,
    diamond: true,
    source: 'domain.md §6: type IIa 2000–2200 W/mK [93]; density of diamond 3515 kg/m³',
  },
  'diamond-cvd': {
    kInPlane: 1800,
    kThrough: 1800,
    densityKgPerM3: 3515,
    diamond: true,
    source: 'domain.md §6: thermal-grade CVD > 1800 W/mK [92]',
  },
  'diamond-polycrystalline': {
    kInPlane: 1200,
    kThrough: 1200,
    densityKgPerM3: 3515,
    diamond: true,
    source: 'domain.md §6: polycrystalline 1000–1500 W/mK (⚠ [94]); 1200 inside that range',
  },
  copper: {
    kInPlane: 400,
    kThrough: 400,
    densityKgPerM3: 8933,
    diamond: false,
    source: 'domain.md §6 (~400 W/mK); Incropera & DeWitt, Table A.1: pure copper 401 W/mK, 8933 kg/m³ at 300 K',
  },
  aluminium: {
    kInPlane: 237,
    kThrough: 237,
    densityKgPerM3: 2702,
    diamond: false,
    source: 'Incropera & DeWitt, Table A.1: pure aluminium 237 W/mK, 2702 kg/m³ at 300 K (alloys such as 6061: ~170)',
  },
  aln: {
    kInPlane: 170,
    kThrough: 170,
    densityKgPerM3: 3260,
    diamond: false,
    source: 'assumption: commercial aluminium-nitride ceramic datasheets give 140–180 W/mK, 3260 kg/m³',
  },
  'graphite-sheet': {
    kInPlane: 1600,
    kThrough: 15,
    densityKgPerM3: 1900,
    diamond: false,
    source:
      'Panasonic PGS presentation: 1600 W/mK in-plane for the 25 µm sheet (700–1950 by thickness); through-plane ~15 W/mK and 1900 kg/m³ are assumptions (typical of pyrolytic graphite). Real sheets are ≤ 0.1 mm: a thick one is a bonded stack',
  },
};
