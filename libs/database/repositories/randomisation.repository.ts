import { EntityManager } from 'typeorm';

export interface AllocationRow {
  participantId: string;
  label: string;
  siteCode: string;
  method: string;
  stratum: string;
  sequence: number;
  arm: string;
  factors: Record<string, string>;
  randomisedAt: string;
  randomisedBy: string | null;
}

export class RandomisationRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * The next position in a stratum's list (1-based). The counter row stays locked until the
   * randomising transaction ends, so concurrent requests in one stratum queue here and each gets
   * its own position; other strata proceed in parallel.
   */
  async nextSequence(studyCode: string, stratum: string): Promise<number> {
    const rows = await this.m.query(
      `INSERT INTO randomisation_counters (study_code, stratum, last) VALUES ($1, $2, 1)
       ON CONFLICT (study_code, stratum) DO UPDATE SET last = randomisation_counters.last + 1 RETURNING last`,
      [studyCode, stratum],
    );
    return rows[0].last;
  }

  /** Serialises minimisation within a study (its choice depends on every earlier allocation). */
  async lockStudy(studyCode: string): Promise<void> {
    await this.m.query(`SELECT pg_advisory_xact_lock(hashtext('randomisation:' || $1))`, [studyCode]);
  }

  async insert(a: {
    participantId: string;
    studyCode: string;
    method: string;
    stratum: string;
    sequence: number;
    arm: string;
    factors: Record<string, string>;
    randomisedBy: string;
    randomisedAt: Date;
  }): Promise<{ randomisedAt: Date }> {
    const rows = await this.m.query(
      `INSERT INTO randomisations (participant_id, study_code, method, stratum, sequence, arm, factors, randomised_by, randomised_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING randomised_at`,
      [a.participantId, a.studyCode, a.method, a.stratum, a.sequence, a.arm, JSON.stringify(a.factors), a.randomisedBy, a.randomisedAt],
    );
    return { randomisedAt: rows[0].randomised_at };
  }

  async findByParticipant(participantId: string): Promise<AllocationRow | null> {
    const rows = await this.list(undefined, participantId);
    return rows[0] ?? null;
  }

  /** The allocation log of a study, in the order allocations were made. */
  async list(studyCode?: string, participantId?: string): Promise<AllocationRow[]> {
    const rows = await this.m.query(
      `SELECT r.*, p.label, s.code AS site_code FROM randomisations r
       JOIN participants p ON p.id = r.participant_id JOIN sites s ON s.id = p.site_id
       WHERE ($1::text IS NULL OR r.study_code = $1) AND ($2::uuid IS NULL OR r.participant_id = $2)
       ORDER BY r.stratum, r.sequence`,
      [studyCode ?? null, participantId ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      participantId: r.participant_id as string,
      label: r.label as string,
      siteCode: r.site_code as string,
      method: r.method as string,
      stratum: r.stratum as string,
      sequence: r.sequence as number,
      arm: r.arm as string,
      factors: r.factors as Record<string, string>,
      randomisedAt: (r.randomised_at as Date).toISOString(),
      randomisedBy: (r.randomised_by as string) ?? null,
    }));
  }
}
