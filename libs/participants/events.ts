import type { Repositories } from '@trialdata/database';

/**
 * What other capabilities need to hear about a participant, inside the transaction that changes it
 * (so their follow-up rows commit or roll back with the change): questionnaire schedules follow the
 * anchor; messages stop on withdrawal.
 */
export interface ParticipantListener {
  anchorChanged?(
    tx: Repositories,
    change: { participantId: string; studyCode: string; from: string | null; to: string | null },
  ): Promise<void>;
  statusChanged?(tx: Repositories, change: { participantId: string; studyCode: string; from: string; to: string }): Promise<void>;
}

export class ParticipantEvents {
  private readonly listeners: ParticipantListener[] = [];

  subscribe(listener: ParticipantListener): void {
    this.listeners.push(listener);
  }

  async anchorChanged(tx: Repositories, change: Parameters<NonNullable<ParticipantListener['anchorChanged']>>[1]): Promise<void> {
    for (const l of this.listeners) await l.anchorChanged?.(tx, change);
  }

  async statusChanged(tx: Repositories, change: Parameters<NonNullable<ParticipantListener['statusChanged']>>[1]): Promise<void> {
    for (const l of this.listeners) await l.statusChanged?.(tx, change);
  }
}
