import { Foundation1764201600000 } from './1764201600000-Foundation';

/** Every migration, in order. Listed explicitly so that compiled and source runs see the same set. */
export const MIGRATIONS = [Foundation1764201600000];
