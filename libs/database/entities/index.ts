import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Entities for the tables the repositories read through TypeORM's repository API; the schema itself
 * comes from migrations/ and is never synchronised from them. Tables read only with plain SQL
 * (audit_log, randomisations, the capabilities' tables) have no entity.
 */

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

export const ENTITIES = [UserEntity, SiteEntity, StudyEntity, MembershipEntity, ParticipantEntity, ParticipantContactEntity];
