/**
 * libs/forms: the validation engine for clinician case report forms. Pure: no Nest, no TypeORM, no
 * clock. This file is the library's only door; import nothing from its other files.
 */
export { validateFormValues, formEvaluator, visibleFields, isComplete, UNKNOWN_FIELD, REQUIRED, FUTURE_DATE } from './validate';
export { ENROLMENT_CHECKS } from './enrolment';
export type { FormStatus, ValidateOptions, FormValidationResult, CheckWarning } from './validate';
export type { FormContext } from './resolve';
export { CALCULATED_SENT } from './resolve';
export { diffValues } from './diff';
export type { ValueChange } from './diff';
export { checkFormDefinition, CONTEXT_ROOTS } from './definition';
export { FormDefinitionError, FormValidationError } from './errors';
export type { FieldError } from './errors';
export { MISSING_CODES, isMissingValue } from './json';
export type { MissingCode, MissingValue } from './json';
export { parseExpression } from './expression/parse';
export { evaluateExpression } from './expression/evaluate';
export type { ExpressionValue, Resolve } from './expression/evaluate';
export { expressionReferences, FUNCTIONS } from './expression/ast';
export type { Expression, ParsedExpression, Reference } from './expression/ast';
export type { ChoiceOption, FieldDefinition, FieldType, FormCheck, FormDefinition, ShowIf } from './types';
