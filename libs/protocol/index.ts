/**
 * libs/protocol — the studies as data, and the schema that validates them at load. The only door of
 * the library: import from here, never from the files behind it.
 *
 *   const studies = loadStudies(STUDY_DEFINITIONS);   // throws ProtocolError naming every bad path
 *   const teias = studies.get('teias');
 *   formsForEvent(teias, 'baseline', { arm: 'TEI' });
 */
export type * from './types';
export {
  INSTRUMENT_CODES,
  crossCheckStudy,
  exportColumnName,
  expressionNames,
  studyDefinitionSchema,
  studyStructureSchema,
  validateStudyDefinition,
  type InstrumentCode,
  type IssuePath,
  type ValidationIssue,
  type ValidationOptions,
  type ValidationResult,
} from './schema';
export { ProtocolError, ProtocolLookupError, formatIssue, type ProtocolIssue, type ProtocolLookupCode } from './errors';
export { StudyRegistry, formatPath, loadStudies } from './registry';
export {
  checkEligibility,
  findEvent,
  findForm,
  formApplies,
  formsForEvent,
  getEvent,
  getForm,
  instrumentsForEvent,
  studyInstruments,
  type EligibilityResult,
  type ParticipantContext,
} from './lookup';
export { publicStudy, type PublicEvent, type PublicField, type PublicForm, type PublicRandomisation, type PublicStudy } from './public';
export { EIMICOR, POTEISS, STUDY_DEFINITIONS, TEIAS } from './studies';
