/** The shipped catalogue, in the order `GET /instruments` lists it, and the scorer of each method. */
import { deepFreeze } from '../freeze';
import { InstrumentDefinition, Scorer, ScoringMethod } from '../types';
import { EQ5D5L, scoreEq5d5l } from './eq5d5l';
import { GPE, scoreGpe } from './gpe';
import { HADS, scoreHads } from './hads';
import { HCU, scoreNothing } from './hcu';
import { NDI, scoreNdi } from './ndi';
import { NRS_ARM, NRS_BACK, NRS_LEG, NRS_NECK, scoreNrs } from './nrs';
import { ODI, scoreOdi } from './odi';
import { PCI, scoreWithLicensedKey } from './pci';
import { RMDQ, scoreRmdq } from './rmdq';
import { SBI, scoreSbi } from './sbi';
import { ZCQ, scoreZcq } from './zcq';

export const SCORERS: Record<ScoringMethod, Scorer> = {
  nrs: scoreNrs,
  odi: scoreOdi,
  ndi: scoreNdi,
  rmdq: scoreRmdq,
  zcq: scoreZcq,
  gpe: scoreGpe,
  eq5d5l: scoreEq5d5l,
  hads: scoreHads,
  sbi: scoreSbi,
  licensedKey: scoreWithLicensedKey,
  none: scoreNothing,
};

/**
 * Frozen: a site's wording or scoring key is applied to a copy (`applyTranslations`), never to the
 * shipped definitions, so nothing can change them behind another caller's back.
 */
export const SHIPPED_INSTRUMENTS: readonly InstrumentDefinition[] = deepFreeze([
  NRS_LEG,
  NRS_BACK,
  NRS_ARM,
  NRS_NECK,
  ODI,
  NDI,
  RMDQ,
  ZCQ,
  GPE,
  EQ5D5L,
  HADS,
  SBI,
  PCI,
  HCU,
]);

/**
 * The catalogue this process uses: the shipped definitions, or the copy with the site's licensed
 * wording that start-up installed (`useSiteWording` in ../site.ts, called once from loadConfig). A live
 * binding: every default argument and every importer sees the installed catalogue.
 */
export let INSTRUMENTS: readonly InstrumentDefinition[] = SHIPPED_INSTRUMENTS;

/** For ../site.ts only. */
export function installCatalogue(definitions: readonly InstrumentDefinition[]): void {
  INSTRUMENTS = definitions;
}
