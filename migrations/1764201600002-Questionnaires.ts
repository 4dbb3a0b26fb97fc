import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Questionnaires: one row per participant and questionnaire time point (its window, raw answers and
 * scores), the links that open them (SHA-256 hashes only), the message outbox that PostgreSQL owns
 * (BullMQ only carries it), and the coordinators' task list.
 */
export class Questionnaires1764201600002 implements MigrationInterface {
  name = 'Questionnaires1764201600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE questionnaires (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        site_id uuid NOT NULL,
        event_id text NOT NULL,
        instruments text[] NOT NULL,
        mode text NOT NULL CHECK (mode IN ('remote','clinic')),
        opens_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        -- scheduled: waiting or open; cancelled: the anchor went away or the participant left.
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','completed','cancelled')),
        -- Raw answers per instrument code, saved page by page; kept as given so a corrected rule can re-score.
        answers jsonb NOT NULL DEFAULT '{}',
        scores jsonb,
        entry_mode text CHECK (entry_mode IN ('web','paper','phone','clinic')),
        entered_by uuid REFERENCES users(id),
        started_at timestamptz,
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (participant_id, event_id),
        CHECK (closes_at > opens_at),
        CHECK ((status = 'completed') = (submitted_at IS NOT NULL))
      );
      CREATE INDEX questionnaires_study_site_due ON questionnaires (study_code, site_id, due_at);

      -- A patient link: the random token itself is never stored, only its SHA-256.
      CREATE TABLE questionnaire_tokens (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
        message_id uuid,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX questionnaire_tokens_questionnaire ON questionnaire_tokens (questionnaire_id);

      -- The outbox: PostgreSQL is the source of truth, BullMQ the transport. One row per
      -- (questionnaire, kind, number), so each message exists once; state moves
      -- pending -> sending -> sent, or to skipped / cancelled / failed; a 'sending' row that can no
      -- longer be sent (its window closed after an attempt that may have been accepted) ends 'unknown'.
      -- sending_until: the lease of the attempt in progress; another worker takes a 'sending' row
      -- over only once it has expired (an attempt may take as long as the SMTP timeouts).
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('invitation','reminder','coordinator_task')),
        number integer NOT NULL CHECK (number >= 1),
        send_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sending','sent','skipped','cancelled','failed','unknown')),
        attempts integer NOT NULL DEFAULT 0,
        sending_until timestamptz,
        channel text CHECK (channel IN ('email','sms','task','none')),
        delivered boolean,
        sent_at timestamptz,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (questionnaire_id, kind, number)
      );
      CREATE INDEX outbox_messages_dispatchable ON outbox_messages (send_at) WHERE state IN ('pending','sending');
      CREATE INDEX outbox_messages_participant ON outbox_messages (participant_id);

      CREATE TABLE coordinator_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL UNIQUE REFERENCES outbox_messages(id) ON DELETE CASCADE,
        questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants(id),
        study_code text NOT NULL,
        site_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        created_at timestamptz NOT NULL,
        done_at timestamptz,
        done_by uuid REFERENCES users(id)
      );
      CREATE INDEX coordinator_tasks_study_site ON coordinator_tasks (study_code, site_id, status);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS coordinator_tasks;
      DROP TABLE IF EXISTS outbox_messages;
      DROP TABLE IF EXISTS questionnaire_tokens;
      DROP TABLE IF EXISTS questionnaires;
    `);
  }
}
