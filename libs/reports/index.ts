/**
 * libs/reports — PDF documents (pdfkit): the signed casebook and the prediction-model report. The
 * library's only door: import from here, never from the files behind it.
 */
export { renderCasebook } from './casebook';
export type { CasebookChange, CasebookData, CasebookField } from './casebook-data';
export { renderModelReport } from './model-report';
export type { ModelReportInput } from './model-report';
