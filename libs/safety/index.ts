export { SafetyService } from './safety.service';
export type { SafetyReport, RecordedDeviation, DeviationInput, SafetyStudies } from './safety.service';
export { saeDeadline, FATAL_OR_LIFE_THREATENING_DAYS, OTHER_SAE_DAYS } from './deadlines';
export type { SaeDeadline, SafetyReportState } from './deadlines';
export { overdueSafetyReports } from './overdue';
