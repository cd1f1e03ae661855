/**
 * Built-in rig models: hashrate and efficiency as their makers publish them, with where each
 * figure comes from. A fleet entry names one of these (`model: s21-xp`) or gives its own specs.
 * References in brackets are those of ../shared/reference/domain.md.
 */
export interface RigModel {
  title: string;
  /** h: nameplate hashrate, TH/s. */
  thPerUnit: number;
  /** ε: efficiency, J/TH (= W per TH/s). */
  jPerTh: number;
  /** Maker: the supply source its parts and new units come from. */
  supplier: string;
  /** List price of a new unit, USD (capex and the value of a unit lost). */
  priceUsd: number;
  /** Hash-board repairs a repair-centre technician completes per day. */
  centreRepairsPerTechDay: number;
  /** Where each figure comes from. */
  source: string;
}

const PRICE = 'price: assumption, ~$15/TH for current models in early 2026 (not in domain.md)';
const REPAIR = 'repairs: ~10 units per technician per day (domain.md §4 [70], Compass Mining)';
const REPAIR_XP = 'repairs: 4 per technician per day for XP-class boards (domain.md §4 [70])';

export const CATALOGUE: Record<string, RigModel> = {
  s21: { title: 'Antminer S21', thPerUnit: 200, jPerTh: 17.5, supplier: 'bitmain', priceUsd: 3000, centreRepairsPerTechDay: 10, source: `200 TH/s, 17.5 J/TH: domain.md §4 [65]; ${PRICE}; ${REPAIR}` },
  's21-pro': { title: 'Antminer S21 Pro', thPerUnit: 234, jPerTh: 15, supplier: 'bitmain', priceUsd: 3500, centreRepairsPerTechDay: 10, source: `234 TH/s, 15 J/TH: domain.md §4 [66]; ${PRICE}; ${REPAIR}` },
  's21-xp': {
    title: 'Antminer S21 XP',
    thPerUnit: 270,
    jPerTh: 13.5,
    supplier: 'bitmain',
    priceUsd: 19_625,
    centreRepairsPerTechDay: 4,
    source: `270 TH/s, 13.5 J/TH: domain.md §4 [67]; price: seed 002, 16,000 rigs for $314M (the seed does not name the model; at $73/TH it matches hydro-cooled units more than air-cooled S21 XP: an assumption); ${REPAIR_XP}`,
  },
  's19-xp': {
    title: 'Antminer S19 XP',
    thPerUnit: 140,
    jPerTh: 21.5,
    supplier: 'bitmain',
    priceUsd: 1400,
    centreRepairsPerTechDay: 4,
    source: '21.5 J/TH: domain.md §4 [68]; 140 TH/s (3,010 W): Bitmain’s announcement as reported by miningstore.com (“Is the Antminer S19 XP worth it?”); price: assumption, ~$10/TH for a used previous generation; ' + REPAIR_XP,
  },
  's19j-pro': {
    title: 'Antminer S19j Pro',
    thPerUnit: 104,
    jPerTh: 29.5,
    supplier: 'bitmain',
    priceUsd: 500,
    centreRepairsPerTechDay: 10,
    source: '104 TH/s, 29.5 J/TH: miningstore.com’s S19-series guide (not in domain.md); price: assumption, ~$5/TH used; ' + REPAIR,
  },
  'm66s-plus': { title: 'WhatsMiner M66S+', thPerUnit: 314, jPerTh: 17, supplier: 'microbt', priceUsd: 4700, centreRepairsPerTechDay: 10, source: `314 TH/s, 17 J/TH: domain.md §4 [69]; ${PRICE}; ${REPAIR}` },
  'avalon-a16': {
    title: 'Avalon A16',
    thPerUnit: 282,
    jPerTh: 13.8,
    supplier: 'canaan',
    priceUsd: 4200,
    centreRepairsPerTechDay: 10,
    source: `282 TH/s, 13.8 J/TH: Canaan, October 2025, as reviewed by hashrateindex.com (not in domain.md, which lists Canaan specs as unverified); ${PRICE}; ${REPAIR}`,
  },
};

export const CATALOGUE_IDS = Object.keys(CATALOGUE);
