import type { StudyDefinition } from '../../../libs/protocol';

export const ConfigToken = Symbol('AppConfig');
export const StudyRegistryToken = Symbol('StudyRegistry');
export const RedisToken = Symbol('Redis');

export interface StudyRegistryLike {
  find(code: string): StudyDefinition | undefined;
  list(): StudyDefinition[];
}
