/**
 * libs/modelling: prediction models that agree with R (survival, rms, glm). Pure TypeScript on
 * ml-matrix and @stdlib; no Nest, no database. The only door: apps import from here.
 */
export { fitModel, fitModelWithFigures, isFormulaSpec, MAX_BOOTSTRAP, DEFAULT_SEED } from './fit';
export type {
  ModelSpec,
  LogisticModelSpec,
  LogisticFormulaSpec,
  CoxFormulaSpec,
  ModelDesign,
  CoxModelSpec,
  ModelResult,
  ModelFigures,
  ModelValidation,
  ValidationRow,
  PhTest,
  BaselineSurvivalPoint,
  SampleSizeCheck,
  FitProgress,
  FitModelOptions,
  ModelColumns,
  KaplanMeierSummary,
} from './fit';
export { formatText } from './text';
export { datasetCsvPath, datasetDictionaryPath, modelReportPath, savedModelPath } from './storage';
export { parseFormula, formulaColumns } from './formula';
export type { Formula, Term, Variable, Response } from './formula';
export { buildDesign, levelsFromDictionary } from './design';
export type { Design, ColumnLevels, FactorLevels, CodedVariable } from './design';
export { waldAnova } from './anova';
export type { AnovaRow } from './anova';
export { rcsKnots, rcsBasis } from './spline';
export { ModelInputError } from './errors';
export { predictModel, checkSavedModel, predictionCsv, columnsFromRows, SAVED_MODEL_FORMAT } from './predict';
export type { SavedModel, SavedBaseline, ShrinkageInfo, PredictionResult, PredictionRow, PredictOptions } from './predict';

// The numerical building blocks, for callers that need more than one fit (benchmarks, reports).
export { fitCox, baselineSurvival, predictSurvival, baselineForLinearPredictor } from './cox';
export type { CoxFit, CoxInput, CoxTies, CoxCoefficient } from './cox';
export { kaplanMeier, kaplanMeierAt, KM_CONF_TYPES } from './km';
export type { KaplanMeier, KaplanMeierStep, KaplanMeierAt, KaplanMeierConfType } from './km';
export { concordance, binaryConcordance } from './concordance';
export { coxZph } from './coxzph';
export type { ZphResult } from './coxzph';
export { fitLogistic, plogis } from './logistic';
export type { LogisticResult, CoefficientRow, TestStatistic } from './logistic';
export { calibrationSummary, calibrationCurve, lowess } from './calibration';
export type { CalibrationPoint, CalibrationSummary } from './calibration';
export { valProb, calibrateLogistic, calibrateCox, groupKm } from './calibration';
export type { ValProb, CalibrateRow, LogisticCalibrate, CoxCalibrate, CoxCalibrateGroup, CalibrateOptions } from './calibration';
export { checkCalibrationSpec } from './calibration-report';
export type {
  CalibrationSpec,
  DecisionCurveSpec,
  CalibrationResults,
  LogisticCalibrationResult,
  CoxCalibrationResult,
} from './calibration-report';
export { timeDependentAuc, brierAt, horizonPerformance, censoringDistribution } from './time-dependent';
export type { HorizonPerformance } from './time-dependent';
export { netBenefit, netBenefitSurvival } from './decision-curve';
export type { DecisionCurve, NetBenefitRow } from './decision-curve';
export { validate, bootstrapReplicate, apparentIndexes, summariseValidation } from './validate';
export type { ValidationResult, ReplicateResult, ValidationKind, ValidationDataMap } from './validate';
export { runReplicates, poolUsesThreads, closeReplicatePool, idleReplicateWorkers } from './pool';
export { sampleSizeBinary, sampleSizeSurvival } from './sampsize';
export type { SampleSizeResult } from './sampsize';
export { readModelCsv } from './csv';
export type { ModelData } from './csv';
export { createRng, bootstrapIndices } from './rng';
export type { Rng } from './rng';
export { pointsTable, predictorRanges, roundValues } from './points';
export type { PointsTable, PointsOutcome, PointsOptions, PredictorRange } from './points';
export { mice, poolRubin, poolChiSquare, barnardRubinDf, nelsonAalen, MAX_IMPUTATIONS, DEFAULT_IMPUTATIONS } from './mi';
export type { MiceOptions, MiceResult, PooledEstimate, ImputeCell } from './mi';
export { fitImputed, checkImpute, missingCounts } from './mi-fit';
export type { ImputeSpec, ImputationInfo } from './mi-fit';
