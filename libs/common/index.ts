export * from './errors';
export { clusterPrimary } from './cluster';
