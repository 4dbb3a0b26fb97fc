/**
 * Randomisation: stratified permuted blocks and Pocock–Simon minimisation, both fully determined by a
 * secret seed so that every allocation can be regenerated and verified (see README.md). Pure: no
 * database, no clock, no Math.random.
 */
export { RandomisationInputError } from './errors';
export type { ArmCounts } from './arms';
export {
  MAX_SEQUENCE,
  allocationList,
  blockAllocation,
  verifyAllocations,
  type AllocationLogEntry,
  type AllocationMismatch,
  type AllocationMismatchKind,
  type BlockAllocation,
  type BlockConfig,
  type BlockListConfig,
  type ListedAllocation,
} from './blocks';
export { SITE_FACTOR, participantLevels, stratumKey } from './strata';
export {
  minimise,
  replayMinimisation,
  withParticipant,
  type LoggedParticipant,
  type MarginalCounts,
  type MinimisationConfig,
  type MinimisationInput,
  type MinimisationResult,
  type ReplayedAllocation,
} from './minimisation';
export { simulate, type ArmTally, type FactorLevelTally, type SimulationInput, type SimulationReport, type StratumTally } from './simulate';
export { formatSimulation } from './format';
