import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: accounts, sites, studies, participants (clinical data apart from contact data),
 * randomisation and the append-only, hash-chained audit trail.
 */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));

      CREATE TABLE sites (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,12}$'),
        name text NOT NULL,
        country char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- The study definition itself is data in libs/protocol; this row carries what changes at run time.
      CREATE TABLE studies (
        code text PRIMARY KEY,
        status text NOT NULL DEFAULT 'recruiting' CHECK (status IN ('setup','recruiting','closed','locked')),
        randomisation_seed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE study_sites (
        study_code text NOT NULL REFERENCES studies(code),
        site_id uuid NOT NULL REFERENCES sites(id),
        target integer CHECK (target IS NULL OR target > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (study_code, site_id)
      );

      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        study_code text NOT NULL REFERENCES studies(code),
        role text NOT NULL CHECK (role IN ('admin','data_manager','coordinator','investigator','monitor','statistician')),
        site_id uuid REFERENCES sites(id)
      );
      CREATE UNIQUE INDEX memberships_unique ON memberships (user_id, study_code, role, coalesce(site_id, '00000000-0000-0000-0000-000000000000'));

      -- Per study and site, the last label number handed out. Incremented inside the enrolment
      -- transaction, so a rolled-back enrolment gives its number back: no gaps, no duplicates.
      CREATE TABLE label_counters (
        study_code text NOT NULL,
        site_id uuid NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (study_code, site_id),
        FOREIGN KEY (study_code, site_id) REFERENCES study_sites(study_code, site_id)
      );

      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_code text NOT NULL,
        site_id uuid NOT NULL,
        label text NOT NULL UNIQUE,
        number integer NOT NULL,
        status text NOT NULL CHECK (status IN ('screened','enrolled','randomised','withdrawn','completed','lost_to_follow_up')),
        status_reason text,
        arm text,
        cohort text,
        birth_year integer NOT NULL,
        sex text NOT NULL CHECK (sex IN ('female','male')),
        consent_date date NOT NULL,
        consent_version text NOT NULL,
        eligibility jsonb NOT NULL,
        planned_anchor_date date,
        anchor_date date,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        enrolled_by uuid REFERENCES users(id),
        FOREIGN KEY (study_code, site_id) REFERENCES study_sites(study_code, site_id),
        UNIQUE (study_code, site_id, number)
      );
      CREATE INDEX participants_study_site ON participants (study_code, site_id);

      -- Every screening attempt, eligible or not, without personal data: the CONSORT flow per site.
      CREATE TABLE screening_log (
        id bigserial PRIMARY KEY,
        study_code text NOT NULL REFERENCES studies(code),
        site_id uuid NOT NULL REFERENCES sites(id),
        at timestamptz NOT NULL DEFAULT now(),
        screened_by uuid REFERENCES users(id),
        eligible boolean NOT NULL,
        failed jsonb NOT NULL DEFAULT '[]',
        participant_id uuid
      );
      CREATE INDEX screening_log_study ON screening_log (study_code, site_id);

      -- Contact data lives apart from clinical data, encrypted (AES-256-GCM, DATA_KEY).
      CREATE TABLE participant_contacts (
        participant_id uuid PRIMARY KEY REFERENCES participants(id),
        language text NOT NULL CHECK (language IN ('nl','en')),
        ciphertext text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE randomisation_counters (
        study_code text NOT NULL REFERENCES studies(code),
        stratum text NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (study_code, stratum)
      );

      -- Blocks: one counter per stratum. Minimisation has no strata; its single counter is stratum '*'.
      CREATE TABLE randomisations (
        participant_id uuid PRIMARY KEY REFERENCES participants(id),
        study_code text NOT NULL REFERENCES studies(code),
        method text NOT NULL,
        stratum text NOT NULL,
        sequence integer NOT NULL,
        arm text NOT NULL,
        factors jsonb NOT NULL,
        randomised_at timestamptz NOT NULL DEFAULT now(),
        randomised_by uuid REFERENCES users(id),
        UNIQUE (study_code, stratum, sequence)
      );

      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        user_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        study_code text,
        participant_id uuid,
        field text,
        old_value jsonb,
        new_value jsonb,
        reason text,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_participant ON audit_log (participant_id, seq) WHERE participant_id IS NOT NULL;
      CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);

      -- The hash of a row covers the previous row's hash and every column, as a JSON array so that
      -- no separator inside a value can make two different rows hash alike.
      CREATE FUNCTION audit_row_hash(prev_hash text, seq bigint, at timestamptz, user_id uuid, action text,
          entity text, entity_id text, study_code text, participant_id uuid, field text,
          old_value jsonb, new_value jsonb, reason text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT encode(sha256(convert_to(jsonb_build_array(prev_hash, seq,
            to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id, action, entity, entity_id,
            study_code, participant_id, field, old_value, new_value, reason)::text, 'UTF8')), 'hex')
        $$;

      -- Chain position and hash are assigned under one lock, so concurrent writers form one chain.
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE last_seq bigint; last_hash text;
        BEGIN
          -- Under a snapshot isolation level the read below would miss rows committed while waiting
          -- for the lock; refuse clearly instead of failing on a duplicate key.
          IF current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'audit_log rows must be appended under READ COMMITTED, not %', current_setting('transaction_isolation');
          END IF;
          PERFORM pg_advisory_xact_lock(7420001);
          SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
          NEW.seq := coalesce(last_seq, 0) + 1;
          NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
          NEW.at := clock_timestamp();
          NEW.hash := audit_row_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.user_id, NEW.action, NEW.entity,
            NEW.entity_id, NEW.study_code, NEW.participant_id, NEW.field, NEW.old_value, NEW.new_value, NEW.reason);
          RETURN NEW;
        END $$;
      CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS audit_log;
      DROP FUNCTION IF EXISTS audit_log_refuse_change();
      DROP FUNCTION IF EXISTS audit_log_chain();
      DROP FUNCTION IF EXISTS audit_row_hash(text, bigint, timestamptz, uuid, text, text, text, text, uuid, text, jsonb, jsonb, text);
      DROP TABLE IF EXISTS randomisations;
      DROP TABLE IF EXISTS randomisation_counters;
      DROP TABLE IF EXISTS participant_contacts;
      DROP TABLE IF EXISTS screening_log;
      DROP TABLE IF EXISTS participants;
      DROP TABLE IF EXISTS label_counters;
      DROP TABLE IF EXISTS memberships;
      DROP TABLE IF EXISTS study_sites;
      DROP TABLE IF EXISTS studies;
      DROP TABLE IF EXISTS sites;
      DROP TABLE IF EXISTS users;
    `);
  }
}
