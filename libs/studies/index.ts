export { assertStudyWritable, isStudyWritable } from './guard';
export { WORDING_RULE, goLive, patientInstruments } from './lifecycle';
