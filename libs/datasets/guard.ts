/** The lock guard lives with the study lifecycle (libs/studies); re-exported here for the writers' callers. */
export { assertStudyWritable, isStudyWritable } from '../studies';
