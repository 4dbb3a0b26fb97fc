/**
 * libs/crf: case report form entry and review (application services). Form values are validated by
 * libs/forms; state lives in the crf repositories; every change is audited in its own transaction.
 * The library's only door.
 */
export { FormEntryService } from './form-entry.service';
export type { FormView, SaveInput, SaveResult, FormSummary } from './form-entry.service';
export { QueriesService } from './queries.service';
export type { QueryView } from './queries.service';
export { ReviewService } from './review.service';
export type { Scope, SdvStatus } from './review.service';
export { CasebookService, casebookFileName, displayValue } from './casebook.service';
export type { CasebookStatus } from './casebook.service';
export { formStateAt, VALUE_ACTIONS, STATUS_ACTION } from './reconstruct';
export type { FormAuditRow, FormState } from './reconstruct';
export { detectDeviations, eventWindows, eventDate, TREATMENT_FLAGS } from './deviations';
export type { Deviation, DeviationKind } from './deviations';
export { addWorkingDays, DEFAULT_GRADES, FORM_WINDOWS, TREATMENT_RULES } from './deviations';
export type { DeviationGrade, FormWindowRule } from './deviations';
export { DEFAULT_SDV_PLAN, fieldsToVerify, inSample } from './sdv-plan';
export type { SdvPlan, SdvPlanKind } from './sdv-plan';
export { formEntityId } from './target';
export type { CrfDeps, StudyCatalogue } from './target';
