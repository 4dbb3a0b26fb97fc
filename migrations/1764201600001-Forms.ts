import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forms: case report form instances (values as jsonb, one version counter per instance), data
 * queries and their threads, source data verification and plans, electronic signatures, form and
 * visit locks, and casebook PDFs. The audit trail (audit_log) holds every change; these tables hold
 * the current state.
 */
export class Forms1764201600001 implements MigrationInterface {
  name = 'Forms1764201600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE form_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        event_id text NOT NULL,
        form_id text NOT NULL,
        instance integer NOT NULL CHECK (instance >= 1),
        status text NOT NULL CHECK (status IN ('incomplete','complete')),
        data jsonb NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id),
        UNIQUE (participant_id, event_id, form_id, instance)
      );
      CREATE INDEX form_records_study ON form_records (study_code, form_id);

      -- A query is a thread on one field of one form instance; its messages are the history.
      CREATE TABLE form_queries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        event_id text NOT NULL,
        form_id text NOT NULL,
        instance integer NOT NULL,
        field text NOT NULL,
        status text NOT NULL CHECK (status IN ('open','answered','closed')),
        -- The soft check that opened it (system queries), so a re-save does not open it twice.
        check_id text,
        opened_by uuid REFERENCES users(id),
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz
      );
      CREATE INDEX form_queries_participant ON form_queries (participant_id, opened_at);
      CREATE INDEX form_queries_study_status ON form_queries (study_code, status);

      CREATE TABLE form_query_messages (
        id bigserial PRIMARY KEY,
        query_id uuid NOT NULL REFERENCES form_queries(id),
        kind text NOT NULL CHECK (kind IN ('open','answer','close','reopen')),
        user_id uuid REFERENCES users(id),
        text text NOT NULL,
        at timestamptz NOT NULL
      );
      CREATE INDEX form_query_messages_query ON form_query_messages (query_id, id);

      -- One row per verified field; the value verified is kept so that a change is recognisable.
      CREATE TABLE sdv_verifications (
        record_id uuid NOT NULL REFERENCES form_records(id),
        field text NOT NULL,
        value jsonb,
        verified_by uuid REFERENCES users(id),
        verified_at timestamptz NOT NULL,
        PRIMARY KEY (record_id, field)
      );

      CREATE TABLE sdv_plans (
        study_code text PRIMARY KEY REFERENCES studies(code),
        kind text NOT NULL CHECK (kind IN ('all','critical','sample')),
        sample_percent integer CHECK (sample_percent IS NULL OR sample_percent BETWEEN 1 AND 100),
        set_by uuid REFERENCES users(id),
        set_at timestamptz NOT NULL
      );

      CREATE TABLE signatures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('form','visit','casebook')),
        event_id text,
        form_id text,
        instance integer,
        user_id uuid NOT NULL REFERENCES users(id),
        printed_name text NOT NULL,
        meaning text NOT NULL,
        signed_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('valid','voided')),
        voided_at timestamptz,
        voided_by uuid REFERENCES users(id),
        voided_because text,
        CHECK ((scope = 'casebook') = (event_id IS NULL)),
        CHECK ((scope = 'form') = (form_id IS NOT NULL))
      );
      CREATE INDEX signatures_participant ON signatures (participant_id, signed_at);

      -- A lock on a form instance (form_id set) or on a whole visit (form_id null); unlocking deletes it.
      CREATE TABLE form_locks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        event_id text NOT NULL,
        form_id text,
        instance integer,
        locked_by uuid REFERENCES users(id),
        locked_at timestamptz NOT NULL,
        reason text NOT NULL,
        CHECK ((form_id IS NULL) = (instance IS NULL))
      );
      CREATE UNIQUE INDEX form_locks_unique ON form_locks (participant_id, event_id, coalesce(form_id, ''), coalesce(instance, 0));

      CREATE TABLE casebooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        n integer NOT NULL,
        status text NOT NULL CHECK (status IN ('building','ready','failed')),
        progress integer NOT NULL DEFAULT 0,
        path text,
        bytes integer,
        sha256 text,
        error text,
        requested_by uuid REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        completed_at timestamptz,
        UNIQUE (participant_id, n)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS casebooks;
      DROP TABLE IF EXISTS form_locks;
      DROP TABLE IF EXISTS signatures;
      DROP TABLE IF EXISTS sdv_plans;
      DROP TABLE IF EXISTS sdv_verifications;
      DROP TABLE IF EXISTS form_query_messages;
      DROP TABLE IF EXISTS form_queries;
      DROP TABLE IF EXISTS form_records;
    `);
  }
}
