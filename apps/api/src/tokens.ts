import type { StudyDefinition } from '@trialdata/protocol';

export const ConfigToken = Symbol('AppConfig');
export const StudyRegistryToken = Symbol('StudyRegistry');
export const RedisToken = Symbol('Redis');
/** The injectable clock, `() => Date`; tests pass their own. */
export const ClockToken = Symbol('Clock');
/** libs/queue JobQueues: how the API hands work to the worker. */
export const JobQueuesToken = Symbol('JobQueues');

export interface StudyRegistryLike {
  find(code: string): StudyDefinition | undefined;
  list(): StudyDefinition[];
}
