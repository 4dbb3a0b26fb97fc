import { ConflictError } from '@trialdata/common';
import { Database, type Repositories } from '@trialdata/database';

/**
 * The one check every writer of study data makes: a locked study is read-only. Call it inside the
 * writing transaction (it takes the study row FOR SHARE, so a concurrent lock waits for the write to
 * commit, and a write after the lock sees it): API services answer 409, workers skip the work.
 */
const reposOf = (db: Database | Repositories): Repositories => (db instanceof Database ? db.repos : db);

/** @throws ConflictError (409) when the study is locked */
export async function assertStudyWritable(db: Database | Repositories, studyCode: string): Promise<void> {
  if ((await reposOf(db).studies.statusForWrite(studyCode)) === 'locked') {
    throw new ConflictError(`${studyCode} is locked: its data can no longer change (an admin can unlock it, with a reason)`, undefined, {
      study: studyCode,
      studyStatus: 'locked',
    });
  }
}

/** For workers: false when the study is locked (do nothing, and say so in the log). */
export async function isStudyWritable(db: Database | Repositories, studyCode: string): Promise<boolean> {
  return (await reposOf(db).studies.statusForWrite(studyCode)) !== 'locked';
}
