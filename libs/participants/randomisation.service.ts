import { DateTime } from 'luxon';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '@trialdata/common';
import type { Actor } from '@trialdata/accounts';
import type { AllocationRow, Database } from '@trialdata/database';
import type { StudyDefinition } from '@trialdata/protocol';
import {
  RandomisationInputError,
  blockAllocation,
  minimise,
  participantLevels,
  replayMinimisation,
  stratumKey,
  verifyAllocations,
  withParticipant,
  type MarginalCounts,
} from '@trialdata/randomisation';
import { assertStudyWritable } from '@trialdata/studies';
import { ParticipantEvents } from './events';
import type { StudyCatalogue } from './participants.service';
import type { SecretBox } from '@trialdata/privacy';
import { openSeed } from './seeds';

export interface RandomisationResult {
  arm: string;
  sequence: number;
  stratum: string;
  randomisedAt: string;
}

/** Minimisation has no strata: one study-wide counter under this key. */
const MINIMISATION_STRATUM = '*';

/**
 * Randomises a participant exactly once. The allocation is a pure function of the study's secret
 * seed, the stratum and the position in it (libs/randomisation); this service takes the position
 * under a row lock, so concurrent requests never share one, and records everything in one
 * transaction with its audit rows.
 */
export class RandomisationService {
  constructor(
    private readonly db: Database,
    private readonly studies: StudyCatalogue,
    private readonly clock: () => Date,
    private readonly seeds: SecretBox,
    private readonly events: ParticipantEvents = new ParticipantEvents(),
  ) {}

  async randomise(participantId: string, actor: Actor, factors: Record<string, unknown>): Promise<RandomisationResult> {
    const scope = await this.db.repos.participants.scope(participantId);
    if (!scope) throw new NotFoundError('Participant not found');
    const def = this.randomised(scope.studyCode);
    const r = def.randomisation!;
    for (const [k, v] of Object.entries(factors)) {
      if (typeof v !== 'string')
        throw new ValidationError('Invalid factors', [{ field: `factors.${k}`, message: 'must be a string option' }]);
    }
    const given = factors as Record<string, string>;

    return this.db.transaction(async (tx) => {
      const p = await tx.participants.findById(participantId, { lock: true });
      if (!p) throw new NotFoundError('Participant not found');
      await assertStudyWritable(tx, p.studyCode);
      if (p.arm !== null || (await tx.randomisation.findByParticipant(p.id))) throw new ConflictError(`${p.label} is already randomised`);
      if (p.status !== 'enrolled') throw new ConflictError(`${p.label} is ${p.status}; only an enrolled participant can be randomised`);
      const levels = this.levels(p.siteCode, given, def);
      const seed = openSeed(this.seeds, def.code, await tx.studies.randomisationSeed(def.code));

      let stratum: string;
      let sequence: number;
      let arm: string;
      if (r.method === 'blocks') {
        stratum = stratumKey(p.siteCode, given, r.factors);
        sequence = await tx.randomisation.nextSequence(def.code, stratum);
        arm = blockAllocation({ seed, studyCode: def.code, arms: def.arms!, blockSizes: r.blockSizes, stratum }, sequence).arm;
      } else {
        await tx.randomisation.lockStudy(def.code);
        stratum = MINIMISATION_STRATUM;
        let counts: MarginalCounts = {};
        for (const a of await tx.randomisation.list(def.code)) counts = withParticipant(counts, a.factors, a.arm);
        sequence = await tx.randomisation.nextSequence(def.code, stratum);
        arm = minimise({ ...this.minimisationConfig(def, seed), factors: levels, counts, sequence }).arm;
      }

      const now = this.clock();
      const anchorDate =
        def.anchor.kind === 'randomisation' ? (DateTime.fromJSDate(now, { zone: def.timeZone }).toISODate() as string) : p.anchorDate;
      const { randomisedAt } = await tx.randomisation.insert({
        participantId: p.id,
        studyCode: def.code,
        method: r.method,
        stratum,
        sequence,
        arm,
        factors: levels,
        randomisedBy: actor.userId,
        randomisedAt: now,
      });
      await tx.participants.update(p.id, { status: 'randomised', arm, anchorDate });
      await this.events.statusChanged(tx, { participantId: p.id, studyCode: def.code, from: p.status, to: 'randomised' });
      if (anchorDate !== p.anchorDate)
        await this.events.anchorChanged(tx, { participantId: p.id, studyCode: def.code, from: p.anchorDate, to: anchorDate });
      const base = { userId: actor.userId, entity: 'participant', entityId: p.id, studyCode: def.code, participantId: p.id };
      await tx.audit.append([
        { ...base, action: 'randomise', field: 'arm', from: null, to: arm },
        { ...base, action: 'randomise', field: 'randomisation', to: { method: r.method, stratum, sequence, factors: levels } },
        { ...base, action: 'randomise', field: 'status', from: p.status, to: 'randomised' },
        ...(anchorDate !== p.anchorDate ? [{ ...base, action: 'randomise', field: 'anchorDate', from: p.anchorDate, to: anchorDate }] : []),
      ]);
      return { arm, sequence, stratum, randomisedAt: new Date(randomisedAt).toISOString() };
    });
  }

  /** The allocation log, for an admin or the independent statistician. */
  async allocations(studyCode: string): Promise<AllocationRow[]> {
    this.randomised(studyCode);
    return this.db.repos.randomisation.list(studyCode);
  }

  /** Regenerates every allocation from the seed and reports each one that does not match. */
  async verify(
    studyCode: string,
  ): Promise<{ checked: number; mismatches: Array<{ label: string; stratum: string; sequence: number; problem: string }> }> {
    const def = this.randomised(studyCode);
    const r = def.randomisation!;
    const seed = openSeed(this.seeds, studyCode, await this.db.repos.studies.randomisationSeed(studyCode));
    const log = await this.db.repos.randomisation.list(studyCode);
    const labels = new Map(log.map((a) => [`${a.stratum}#${a.sequence}`, a.label]));
    const labelOf = (stratum: string, sequence: number) => labels.get(`${stratum}#${sequence}`) ?? '?';
    if (r.method === 'blocks') {
      const mismatches = verifyAllocations(
        { seed, studyCode, arms: def.arms!, blockSizes: r.blockSizes },
        log.map((a) => ({ stratum: a.stratum, sequence: a.sequence, arm: a.arm })),
      );
      return {
        checked: log.length,
        mismatches: mismatches.map((m) => ({
          label: labelOf(m.stratum, m.sequence),
          stratum: m.stratum,
          sequence: m.sequence,
          problem: m.kind,
        })),
      };
    }
    const replay = replayMinimisation(
      this.minimisationConfig(def, seed),
      log.map((a) => ({ sequence: a.sequence, factors: a.factors, arm: a.arm })),
    );
    return {
      checked: log.length,
      mismatches: replay
        .filter((x) => x.matches === false)
        .map((x) => ({
          label: labelOf(MINIMISATION_STRATUM, x.sequence),
          stratum: MINIMISATION_STRATUM,
          sequence: x.sequence,
          problem: `expected ${x.arm}, recorded ${x.recordedArm}`,
        })),
    };
  }

  private randomised(code: string): StudyDefinition {
    const def = this.studies.find(code);
    if (!def) throw new NotFoundError(`Study ${code} does not exist`);
    if (def.design !== 'rct' || !def.randomisation || !def.arms) throw new RuleViolationError(`${def.code} is not a randomised study`);
    return def;
  }

  private levels(siteCode: string, factors: Record<string, string>, def: StudyDefinition): Record<string, string> {
    try {
      return participantLevels(siteCode, factors, def.randomisation!.factors);
    } catch (e) {
      if (e instanceof RandomisationInputError) throw new ValidationError(e.message, [{ field: 'factors', message: e.message }]);
      throw e;
    }
  }

  private minimisationConfig(def: StudyDefinition, seed: string) {
    const r = def.randomisation;
    if (r?.method !== 'minimisation') throw new Error('not a minimisation study');
    return {
      seed,
      studyCode: def.code,
      arms: def.arms!,
      probability: r.probability,
      weights: r.siteWeight !== undefined ? { site: r.siteWeight } : undefined,
    };
  }
}
