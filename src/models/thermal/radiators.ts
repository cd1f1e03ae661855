/**
 * Radiator technologies by areal density: kg per m² of panel (planform; a two-sided panel
 * radiates from both faces of that area), with fluid, tubes, face sheets and coating.
 */
export const RADIATOR_TECHNOLOGIES = ['tube-fin', 'advanced', 'custom'] as const;
export type RadiatorTechnology = (typeof RADIATOR_TECHNOLOGIES)[number];

export const RADIATOR_AREAL_DENSITY_KG_PER_M2: Record<Exclude<RadiatorTechnology, 'custom'>, number> = {
  /** Pumped-loop tube-and-fin panels: ≥ 5 kg/m² (domain.md §6 [85]). */
  'tube-fin': 5,
  /** Advanced designs (heat-pipe, composite): < 3 kg/m² (domain.md §6 [85]). */
  advanced: 3,
};
