/**
 * libs/agreement — inter-reader agreement of double-read imaging (POTEISS Miskin grading): kappa and
 * weighted kappa with their intervals (as R's vcd::Kappa, reference/kappa.R), reading pairs, and the
 * blinded second reading. The only door of the library.
 */
export { Z95, crossTable, kappa, kappaWeights, weightedKappa, type KappaEstimate, type KappaResult, type KappaWeights } from './kappa';
export { agreementSummary, readingPair, type AgreementRow, type AgreementSummary, type ReadingForm, type ReadingPair } from './agreement';
export {
  AgreementService,
  type AgreementStudies,
  type BlindedReading,
  type ReadingFormStore,
  type ReadingInput,
  type ReadingTask,
  type StudyAgreement,
  type SubjectValue,
} from './agreement.service';
export { AGREEMENT_FILE, agreementCsv } from './dataset';
