export { assertStudyWritable, isStudyWritable } from './guard';
