import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Entities mirror the tables that migrations/ create; the schema is never synchronised from them. */

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('boolean', { name: 'is_admin' }) isAdmin: boolean;
  @Column('integer', { name: 'failed_logins' }) failedLogins: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('sites')
export class SiteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('char', { length: 2 }) country: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('studies')
export class StudyEntity {
  @PrimaryColumn('text') code: string;
  @Column('text') status: 'setup' | 'recruiting' | 'closed' | 'locked';
  @Column('text', { name: 'randomisation_seed', select: false }) randomisationSeed: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('study_sites')
export class StudySiteEntity {
  @PrimaryColumn('text', { name: 'study_code' }) studyCode: string;
  @PrimaryColumn('uuid', { name: 'site_id' }) siteId: string;
  @Column('integer', { nullable: true }) target: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('memberships')
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'study_code' }) studyCode: string;
  @Column('text') role: string;
  @Column('uuid', { name: 'site_id', nullable: true }) siteId: string | null;
}

@Entity('participants')
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'study_code' }) studyCode: string;
  @Column('uuid', { name: 'site_id' }) siteId: string;
  @Column('text') label: string;
  @Column('integer') number: number;
  @Column('text') status: string;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason: string | null;
  @Column('text', { nullable: true }) arm: string | null;
  @Column('text', { nullable: true }) cohort: string | null;
  @Column('integer', { name: 'birth_year' }) birthYear: number;
  @Column('text') sex: 'female' | 'male';
  @Column('date', { name: 'consent_date' }) consentDate: string;
  @Column('text', { name: 'consent_version' }) consentVersion: string;
  @Column('jsonb') eligibility: Record<string, boolean>;
  @Column('date', { name: 'planned_anchor_date', nullable: true }) plannedAnchorDate: string | null;
  @Column('date', { name: 'anchor_date', nullable: true }) anchorDate: string | null;
  @Column('timestamptz', { name: 'enrolled_at' }) enrolledAt: Date;
  @Column('uuid', { name: 'enrolled_by', nullable: true }) enrolledBy: string | null;
}

@Entity('participant_contacts')
export class ParticipantContactEntity {
  @PrimaryColumn('uuid', { name: 'participant_id' }) participantId: string;
  @Column('text') language: 'nl' | 'en';
  @Column('text') ciphertext: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('randomisations')
export class RandomisationEntity {
  @PrimaryColumn('uuid', { name: 'participant_id' }) participantId: string;
  @Column('text', { name: 'study_code' }) studyCode: string;
  @Column('text') method: string;
  @Column('text') stratum: string;
  @Column('integer') sequence: number;
  @Column('text') arm: string;
  @Column('jsonb') factors: Record<string, string>;
  @Column('timestamptz', { name: 'randomised_at' }) randomisedAt: Date;
  @Column('uuid', { name: 'randomised_by', nullable: true }) randomisedBy: string | null;
}

@Entity('audit_log')
export class AuditEntity {
  @PrimaryColumn('bigint') seq: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column('text', { name: 'entity_id' }) entityId: string;
  @Column('text', { name: 'study_code', nullable: true }) studyCode: string | null;
  @Column('uuid', { name: 'participant_id', nullable: true }) participantId: string | null;
  @Column('text', { nullable: true }) field: string | null;
  @Column('jsonb', { name: 'old_value', nullable: true }) oldValue: unknown;
  @Column('jsonb', { name: 'new_value', nullable: true }) newValue: unknown;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
}

export const ENTITIES = [
  UserEntity,
  SiteEntity,
  StudyEntity,
  StudySiteEntity,
  MembershipEntity,
  ParticipantEntity,
  ParticipantContactEntity,
  RandomisationEntity,
  AuditEntity,
];
