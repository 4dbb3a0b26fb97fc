import { EntityManager } from 'typeorm';
import { ParticipantContactEntity, ParticipantEntity } from '../entities';

export interface ParticipantRow extends ParticipantEntity {
  siteCode: string;
  /** "Stopped treatment, follow-up continues": recorded beside the status, never a status. */
  treatmentStoppedOn: string | null;
  treatmentStopReason: string | null;
  /** What a participant who withdrew consent still allows; null when consent was never withdrawn. */
  withdrawal: WithdrawalRecord | null;
  /** Local wall time (HH:MM, study zone) of the anchor, when recorded (POTEISS injection time). */
  anchorTime: string | null;
}

export interface WithdrawalRecord {
  date: string;
  /** The team may still contact the participant (e.g. a safety call). */
  furtherContact: boolean;
  /** New data may still be collected (e.g. from the medical record). */
  furtherData: boolean;
  /** Data collected up to the withdrawal may be used in the analysis. */
  collectedData: boolean;
}

export interface NewParticipant {
  studyCode: string;
  siteId: string;
  label: string;
  number: number;
  status: string;
  cohort: string | null;
  birthYear: number;
  sex: 'female' | 'male';
  consentDate: string;
  consentVersion: string;
  eligibility: Record<string, boolean>;
  plannedAnchorDate: string | null;
  anchorDate: string | null;
  enrolledBy: string;
  /** The enrolment instant, from the service's clock (never the database's: tests move the clock). */
  enrolledAt: Date;
}

const SELECT = `SELECT p.*, s.code AS site_code FROM participants p JOIN sites s ON s.id = p.site_id`;

function map(r: Record<string, unknown>): ParticipantRow {
  return Object.assign(new ParticipantEntity(), {
    id: r.id,
    studyCode: r.study_code,
    siteId: r.site_id,
    siteCode: r.site_code,
    label: r.label,
    number: r.number,
    status: r.status,
    statusReason: r.status_reason ?? null,
    arm: r.arm ?? null,
    cohort: r.cohort ?? null,
    birthYear: r.birth_year,
    sex: r.sex,
    consentDate: r.consent_date,
    consentVersion: r.consent_version,
    eligibility: r.eligibility,
    plannedAnchorDate: r.planned_anchor_date ?? null,
    anchorDate: r.anchor_date ?? null,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by ?? null,
    treatmentStoppedOn: r.treatment_stopped_on ?? null,
    treatmentStopReason: r.treatment_stop_reason ?? null,
    withdrawal: (r.withdrawal as WithdrawalRecord | null) ?? null,
    anchorTime: r.anchor_time ?? null,
  }) as ParticipantRow;
}

export class ParticipantsRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * The next label number for a study and site. The counter row stays locked until the enrolling
   * transaction ends; a rollback returns the number, so labels have neither gaps nor duplicates.
   */
  async nextNumber(studyCode: string, siteId: string): Promise<number> {
    const rows = await this.m.query(
      `INSERT INTO label_counters (study_code, site_id, last) VALUES ($1, $2, 1)
       ON CONFLICT (study_code, site_id) DO UPDATE SET last = label_counters.last + 1 RETURNING last`,
      [studyCode, siteId],
    );
    return rows[0].last;
  }

  async insert(p: NewParticipant): Promise<string> {
    const rows = await this.m.query(
      `INSERT INTO participants (study_code, site_id, label, number, status, cohort, birth_year, sex, consent_date,
         consent_version, eligibility, planned_anchor_date, anchor_date, enrolled_by, enrolled_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
      [
        p.studyCode,
        p.siteId,
        p.label,
        p.number,
        p.status,
        p.cohort,
        p.birthYear,
        p.sex,
        p.consentDate,
        p.consentVersion,
        JSON.stringify(p.eligibility),
        p.plannedAnchorDate,
        p.anchorDate,
        p.enrolledBy,
        p.enrolledAt,
      ],
    );
    return rows[0].id;
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<ParticipantRow | null> {
    const rows = await this.m.query(`${SELECT} WHERE p.id = $1${options.lock ? ' FOR UPDATE OF p' : ''}`, [id]);
    return rows.length ? map(rows[0]) : null;
  }

  /** Study and site of a participant, for access checks; null when the id is unknown. */
  async scope(id: string): Promise<{ studyCode: string; siteId: string } | null> {
    const rows = await this.m.query('SELECT study_code, site_id FROM participants WHERE id = $1', [id]);
    return rows.length ? { studyCode: rows[0].study_code, siteId: rows[0].site_id } : null;
  }

  /** Participants of a study at the given sites (`null` = every site). */
  async list(studyCode: string, siteIds: string[] | null): Promise<ParticipantRow[]> {
    const rows = await this.m.query(`${SELECT} WHERE p.study_code = $1 AND ($2::uuid[] IS NULL OR p.site_id = ANY($2)) ORDER BY p.label`, [
      studyCode,
      siteIds,
    ]);
    return rows.map(map);
  }

  async update(id: string, changes: Partial<Pick<ParticipantEntity, 'status' | 'statusReason' | 'arm' | 'anchorDate'>>): Promise<void> {
    await this.m.getRepository(ParticipantEntity).update({ id }, changes);
  }

  async setTreatmentStop(id: string, stop: { date: string; reason: string } | null): Promise<void> {
    await this.m.query('UPDATE participants SET treatment_stopped_on = $2, treatment_stop_reason = $3 WHERE id = $1', [
      id,
      stop?.date ?? null,
      stop?.reason ?? null,
    ]);
  }

  /** Records what a withdrawn participant allows; refusing the use of collected data leaves them out of datasets. */
  async setWithdrawal(id: string, withdrawal: WithdrawalRecord | null): Promise<void> {
    await this.m.query('UPDATE participants SET withdrawal = $2::jsonb, collected_data_refused = $3 WHERE id = $1', [
      id,
      withdrawal ? JSON.stringify(withdrawal) : null,
      withdrawal ? !withdrawal.collectedData : false,
    ]);
  }

  async setAnchorTime(id: string, time: string | null): Promise<void> {
    await this.m.query('UPDATE participants SET anchor_time = $2 WHERE id = $1', [id, time]);
  }

  async saveContact(participantId: string, language: 'nl' | 'en', ciphertext: string): Promise<void> {
    await this.m.query(
      `INSERT INTO participant_contacts (participant_id, language, ciphertext) VALUES ($1, $2, $3)
       ON CONFLICT (participant_id) DO UPDATE SET language = EXCLUDED.language, ciphertext = EXCLUDED.ciphertext, updated_at = now()`,
      [participantId, language, ciphertext],
    );
  }

  findContact(participantId: string): Promise<ParticipantContactEntity | null> {
    return this.m.getRepository(ParticipantContactEntity).findOneBy({ participantId });
  }
}
