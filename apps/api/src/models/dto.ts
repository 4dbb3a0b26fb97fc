import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { MAX_BOOTSTRAP, MAX_IMPUTATIONS } from '@trialdata/modelling';

/** Optional follow-up times (Cox): 1 to 100 finite numbers, none negative. */
function IsTimes(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(100),
    IsNumber({ allowNaN: false, allowInfinity: false }, { each: true }),
    Min(0, { each: true }),
  );
}

const COLUMN = { description: 'A column of the dataset’s data.csv' };

/** Spec option `calibration` (docs/modelling.md "Calibration"). */
export class CalibrationSpecDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_BOOTSTRAP,
    example: 200,
    description: 'Bootstrap replicates of the overfitting-corrected calibration curve (rms::calibrate); default `bootstrap`, else none',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BOOTSTRAP)
  B?: number;

  @ApiPropertyOptional({ example: 365, description: 'cox (required there): the horizon for calibration, AUC(t), Brier(t) and net benefit' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  horizon?: number;

  @ApiPropertyOptional({ example: 150, minimum: 2, description: 'cox: patients per calibration group (rms::calibrate m, default 150)' })
  @IsOptional()
  @IsInt()
  @Min(2)
  m?: number;
}

/** Spec option `decisionCurve`. */
export class DecisionCurveSpecDto {
  @ApiProperty({ type: [Number], example: [0.05, 0.1, 0.2], description: 'Threshold risks strictly between 0 and 1' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(99)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  thresholds: number[];

  @ApiPropertyOptional({ example: 365, description: 'cox: the horizon of the risks (default calibration.horizon)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  horizon?: number;
}

/** Multiple imputation (MICE with predictive mean matching, pooled by Rubin's rules; docs/modelling.md). */
export class ImputeDto {
  @ApiPropertyOptional({ minimum: 2, maximum: MAX_IMPUTATIONS, default: 5, example: 20, description: 'Imputed data sets' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(MAX_IMPUTATIONS)
  m?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 5, description: 'Iterations of the chained equations (mice’s maxit)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxit?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5, description: 'Donors for predictive mean matching' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  donors?: number;

  @ApiPropertyOptional({ description: 'Seed of the imputations (default: `seed`, else 1)' })
  @IsOptional()
  @IsInt()
  @Min(-(2 ** 31))
  @Max(2 ** 32 - 1)
  seed?: number;
}

/**
 * A model spec (API.md "Modelling, with or without a server"): the CLI's options as JSON. Fields of
 * the other model kind are refused by the service with a 400 naming them.
 */
export class ModelSpecDto {
  @ApiProperty({ enum: ['logistic', 'cox'], example: 'logistic' }) @IsIn(['logistic', 'cox']) model: 'logistic' | 'cox';

  @ApiPropertyOptional({ ...COLUMN, example: 'success', description: 'logistic: the 0/1 outcome column' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  outcome?: string;

  @ApiPropertyOptional({ ...COLUMN, example: 'fu_days', description: 'cox: follow-up time column' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  time?: string;

  @ApiPropertyOptional({ ...COLUMN, example: 'died', description: 'cox: event column, 0/1 (or 1/2 with 2 = event, as R’s Surv)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  event?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['age', 'sex'],
    description: 'Numeric covariate columns; required unless `formula` is given',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  covariates?: string[];

  @ApiPropertyOptional({
    example: 'Surv(fu_days, died) ~ rcs(age, 4) + sex + modic + strata(site)',
    description:
      'An R formula instead of outcome/time/event/covariates/strata (API.md "Model development"): `y ~ ...` (logistic) or ' +
      '`Surv(time, event) ~ ...` (cox); terms `x`, `factor(x)`, `rcs(x, k)` (k 3..7), `a:b`, `a*b`, `strata(s)` (cox). ' +
      'Text columns and the dataset’s choice fields are factors, named by their labels; results then include `anova` and `design`.',
  })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  formula?: string;

  @ApiPropertyOptional({ ...COLUMN, example: 'site', description: 'cox: stratify the baseline hazard by this column' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  strata?: string;

  @ApiPropertyOptional({ enum: ['efron', 'breslow'], default: 'efron', description: 'cox only' })
  @IsOptional()
  @IsIn(['efron', 'breslow'])
  ties?: 'efron' | 'breslow';

  @ApiPropertyOptional({ type: [Number], example: [365, 730], description: 'cox: report baseline survival at these times' })
  @IsTimes()
  times?: number[];

  @ApiPropertyOptional({
    enum: ['log', 'log-log', 'plain'],
    default: 'log',
    description: 'cox: Kaplan-Meier interval type (survfit conf.type) for the median and the survival at `times`',
  })
  @IsOptional()
  @IsIn(['log', 'log-log', 'plain'])
  confType?: 'log' | 'log-log' | 'plain';

  @ApiPropertyOptional({ example: false, description: "logistic: Firth's penalised likelihood" })
  @IsOptional()
  @IsBoolean()
  firth?: boolean;

  @ApiPropertyOptional({
    description: 'Bootstrap replicates for optimism-corrected validation',
    minimum: 1,
    maximum: MAX_BOOTSTRAP,
    example: 200,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BOOTSTRAP)
  bootstrap?: number;

  @ApiPropertyOptional({ example: 1, description: 'Seed of the bootstrap (default 1): the same seed gives the same validation' })
  @IsOptional()
  @IsInt()
  @Min(-(2 ** 31))
  @Max(2 ** 32 - 1)
  seed?: number;

  @ApiPropertyOptional({
    description:
      'Present the model uniformly shrunk: coefficients times the bootstrap-corrected calibration slope (needs `bootstrap`); ' +
      'the logistic intercept or the Cox baseline hazard is re-estimated. The result says which model is presented (`presented`).',
  })
  @IsOptional()
  @IsBoolean()
  shrink?: boolean;

  @ApiPropertyOptional({
    type: ImputeDto,
    description:
      'Multiple imputation by chained equations (predictive mean matching, as mice’s default) of the model’s columns; the model is ' +
      'fitted to each imputed set and pooled by Rubin’s rules; `result.imputation` says how. Not with `shrink`.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImputeDto)
  impute?: ImputeDto;

  @ApiPropertyOptional({
    type: CalibrationSpecDto,
    description:
      'Calibration beyond the apparent val.prob indexes: the rms::calibrate curve (B bootstrap samples); cox: at `horizon`, with AUC(t) and Brier(t)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalibrationSpecDto)
  calibration?: CalibrationSpecDto;

  @ApiPropertyOptional({
    type: DecisionCurveSpecDto,
    description: 'Net benefit of the model, treat-all and treat-none at these thresholds',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DecisionCurveSpecDto)
  decisionCurve?: DecisionCurveSpecDto;
}

/** New patients for POST /models/{id}/predict: one object per patient, keyed by the dataset's column names. */
export class PredictRequestDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true } },
    example: [
      { age: 62, sex: 'F', modic: 'type 1', smoking: 'never' },
      { age: 48, sex: 'M', modic: 'none', smoking: 'current' },
    ],
    description:
      'One object per new patient with the columns the model reads (choice fields by code or label); a missing value gives an empty prediction',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  rows: Record<string, string | number | null>[];

  @ApiPropertyOptional({ type: [Number], example: [90, 365], description: 'cox: survival at these times' })
  @IsTimes()
  times?: number[];
}

export class PredictionRowDto {
  @ApiProperty({ description: 'Position of the patient in `rows`, from 1' }) row: number;
  @ApiProperty({ type: Number, nullable: true, example: -0.734, description: 'Linear predictor (cox: centred at `means`)' })
  lp: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.324, description: 'logistic: predicted probability; cox: exp(lp)' })
  risk: number | null;
  @ApiPropertyOptional({
    type: [Number],
    example: [0.91, 0.78],
    description: 'cox: survival at each of `times`, as survival::survfit(fit, newdata)',
  })
  survival?: (number | null)[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'cox, stratified: the patient’s stratum' }) stratum?: string | null;
}

export class CentringMeanDto {
  @ApiProperty({ example: 'age' }) term: string;
  @ApiProperty({ example: 57.3 }) mean: number;
}

export class PredictionDto {
  @ApiProperty({ enum: ['logistic', 'cox'] }) model: 'logistic' | 'cox';
  @ApiProperty({ enum: ['fitted', 'shrunk'], description: 'Which model predicted: as fitted, or uniformly shrunk (`shrink`)' })
  presented: 'fitted' | 'shrunk';
  @ApiPropertyOptional({ example: 0.91, description: 'The shrinkage factor applied, when shrunk' }) shrinkage?: number;
  @ApiPropertyOptional({ type: [CentringMeanDto], description: 'cox: covariate means subtracted before the linear predictor' })
  means?: CentringMeanDto[];
  @ApiPropertyOptional({ type: [Number], example: [90, 365] }) times?: number[];
  @ApiProperty({ type: [PredictionRowDto] }) rows: PredictionRowDto[];
  @ApiProperty({ type: [String], description: 'E.g. rows with missing values, times beyond the last follow-up' }) warnings: string[];
}

export class ModelQueuedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** One coefficient of a fit (ratio = OR for logistic, HR for Cox; Wald 95% limits, profile limits for Firth). */
export class CoefficientDto {
  @ApiProperty({ example: 'age' }) term: string;
  @ApiProperty() estimate: number;
  @ApiProperty() se: number;
  @ApiProperty() z: number;
  @ApiProperty() p: number;
  @ApiProperty() lower: number;
  @ApiProperty() upper: number;
  @ApiProperty() ratio: number;
  @ApiProperty() ratioLower: number;
  @ApiProperty() ratioUpper: number;
}

export class TestStatisticDto {
  @ApiProperty() statistic: number;
  @ApiProperty() df: number;
  @ApiProperty() p: number;
}

export class ModelTestsDto {
  @ApiProperty({ type: TestStatisticDto }) lr: TestStatisticDto;
  @ApiProperty({ type: TestStatisticDto }) wald: TestStatisticDto;
  @ApiProperty({ type: TestStatisticDto }) score: TestStatisticDto;
}

export class LogLikDto {
  @ApiProperty({ name: 'null' }) null: number;
  @ApiProperty() model: number;
}

export class ConcordanceDto {
  @ApiProperty() estimate: number;
  @ApiProperty() se: number;
}

export class ValidationIndexDto {
  @ApiProperty({ example: 'Dxy' }) name: string;
  @ApiProperty() apparent: number;
  @ApiProperty() optimism: number;
  @ApiProperty() corrected: number;
}

export class ModelValidationDto {
  @ApiProperty() B: number;
  @ApiProperty() seed: number;
  @ApiProperty({ description: 'Replicates whose refit failed and were left out, as rms does' }) failed: number;
  @ApiProperty({ type: [ValidationIndexDto] }) indexes: ValidationIndexDto[];
}

export class ChisqRowDto {
  @ApiProperty() term: string;
  @ApiProperty() chisq: number;
  @ApiProperty() df: number;
  @ApiProperty() p: number;
}

export class ChisqDto {
  @ApiProperty() chisq: number;
  @ApiProperty() df: number;
  @ApiProperty() p: number;
}

export class PhTestDto {
  @ApiProperty({ type: [ChisqRowDto] }) terms: ChisqRowDto[];
  @ApiProperty({ type: ChisqDto }) global: ChisqDto;
}

export class BaselineSurvivalDto {
  @ApiProperty() time: number;
  @ApiProperty() survival: number;
  @ApiPropertyOptional({ description: 'Stratified models only' }) stratum?: string;
}

const SECTION = (what: string) => ({ type: 'object' as const, additionalProperties: true, description: `${what} (docs/modelling.md)` });

/**
 * The result of a fit (libs/modelling `ModelResult`, API.md "Model development"): the sections every
 * fit has are described field by field; the sections a spec asks for (formula design, anova,
 * sample-size check, shrinkage, Kaplan-Meier, imputation, calibration, ...) are named objects.
 */
export class ModelResultDto {
  @ApiProperty({ enum: ['logistic', 'cox'] }) model: 'logistic' | 'cox';
  @ApiPropertyOptional({ enum: ['ml', 'firth'], description: 'Logistic only' }) method?: 'ml' | 'firth';
  @ApiProperty() n: number;
  @ApiProperty() events: number;
  @ApiPropertyOptional({ enum: ['efron', 'breslow'], description: 'Cox only' }) ties?: 'efron' | 'breslow';
  @ApiProperty({ type: [CoefficientDto] }) coefficients: CoefficientDto[];
  @ApiProperty({ type: LogLikDto }) logLik: LogLikDto;
  @ApiProperty({ type: ModelTestsDto }) tests: ModelTestsDto;
  @ApiProperty({ type: ConcordanceDto, description: "C (AUC) or Harrell's C, apparent" }) concordance: ConcordanceDto;
  @ApiProperty() iterations: number;
  @ApiProperty() converged: boolean;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ enum: ['fitted', 'shrunk'], description: 'Which model the saved model and predictions are' }) presented:
    'fitted' | 'shrunk';
  @ApiPropertyOptional({ type: ModelValidationDto, description: 'Bootstrap validation (rms::validate)' }) validation?: ModelValidationDto;
  @ApiPropertyOptional({ type: PhTestDto, description: 'Cox: cox.zph' }) phTest?: PhTestDto;
  @ApiPropertyOptional({ type: [BaselineSurvivalDto], description: 'Cox: survival at the covariate means' })
  baselineSurvival?: BaselineSurvivalDto[];
  @ApiPropertyOptional({ type: [ChisqRowDto], description: 'Formula fits: Wald tests per predictor as rms::anova' }) anova?: ChisqRowDto[];
  @ApiPropertyOptional(SECTION('Riley et al. sample-size check')) sampleSize?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Formula fits: coding of each variable and the columns of each term')) design?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Uniform shrinkage applied (factor, source, coefficients)')) shrinkage?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Firth: the FLIC intercept')) flic?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Cox: Kaplan-Meier median and numbers at risk')) kaplanMeier?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, description: 'Missing cells per model column' })
  missing?: Record<string, number>;
  @ApiPropertyOptional(SECTION("Multiple imputation: settings and Rubin's rules per term")) imputation?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Calibration: val.prob indexes, rms::calibrate curve or groups')) calibration?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Cox: AUC(t) and Brier(t) at the horizon')) timeDependent?: Record<string, unknown>;
  @ApiPropertyOptional(SECTION('Net benefit at the thresholds')) decisionCurve?: Record<string, unknown>;
}

export class ModelStatusDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) datasetId: string;
  @ApiProperty() study: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done' }) progress: number;
  @ApiProperty({ type: Object, description: 'The model spec as requested' }) spec: Record<string, unknown>;
  @ApiPropertyOptional({
    type: ModelResultDto,
    description: 'When done: the result JSON of API.md, the same as `trial fit --format json` prints',
  })
  result?: ModelResultDto;
  @ApiPropertyOptional({ description: 'When failed: why, naming the row or column for data errors' }) error?: string;
  @ApiProperty({ description: 'Whether GET /models/{id}/report.pdf is available' }) report: boolean;
  @ApiProperty() createdAt: string;
}

export class ModelListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) datasetId: string;
  @ApiProperty({ description: 'Version of the dataset the model was fitted on' }) datasetVersion: number;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ type: Object, description: 'The model spec as requested' }) spec: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
}

export class CalibrationPointDto {
  @ApiProperty({ description: 'Mean predicted probability' }) predicted: number;
  @ApiProperty({ description: 'Observed proportion (lowess of the outcome on predicted risk)' }) observed: number;
}

export class CalibrationGroupDto {
  @ApiProperty({ description: 'Mean predicted survival at `time` in the group' }) predicted: number;
  @ApiProperty({ description: 'Kaplan-Meier survival at `time` in the group' }) observed: number;
  @ApiProperty({ type: Number, nullable: true, description: '95% lower limit of the Kaplan-Meier survival' }) lower: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '95% upper limit of the Kaplan-Meier survival' }) upper: number | null;
  @ApiProperty() n: number;
}

export class GroupedCalibrationDto {
  @ApiProperty({ description: 'The time at which survival is compared (first requested time, or the median follow-up)' }) time: number;
  @ApiProperty({ type: [CalibrationGroupDto], description: 'Fifths of the linear predictor' }) groups: CalibrationGroupDto[];
}

export class SurvivalStepDto {
  @ApiProperty() time: number;
  @ApiProperty() survival: number;
}

export class RiskGroupDto {
  @ApiProperty({ example: 'low risk' }) label: string;
  @ApiProperty() n: number;
  @ApiProperty() events: number;
  @ApiProperty({ type: [SurvivalStepDto], description: 'Kaplan-Meier steps (survival from this time on); thinned to at most 500' })
  steps: SurvivalStepDto[];
}

export class ModelFiguresDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['logistic', 'cox'] }) model: 'logistic' | 'cox';
  @ApiPropertyOptional({ type: [CalibrationPointDto], description: 'Logistic: apparent calibration curve (lowess), at most 500 points' })
  calibrationCurve?: CalibrationPointDto[];
  @ApiPropertyOptional({
    type: GroupedCalibrationDto,
    description: 'Cox: predicted vs Kaplan-Meier survival in fifths of the linear predictor',
  })
  groupedCalibration?: GroupedCalibrationDto;
  @ApiPropertyOptional({ type: [RiskGroupDto], description: 'Cox: Kaplan-Meier curves in thirds of the linear predictor' })
  riskGroups?: RiskGroupDto[];
}
