import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is sealed after commit instead of inside every writer's transaction (issue 16,
 * docs/AUDIT.md "Sealing", docs/ARCHITECTURE.md "Audit sealing").
 *
 * Before: a BEFORE INSERT trigger took advisory lock 7420001, read the chain's tail and hashed the new
 * row, so every writing transaction in the platform held one lock from its audit insert to its commit.
 * Now a writer appends rows unsealed, without any lock: the trigger gives a row its insertion number
 * `seq` (a sequence: gaps where a transaction rolled back), its time, its transaction id `xid` and its
 * insert-time `digest` (the row hash with an empty prev_hash and `seq`), and clears `pos`, `prev_hash`
 * and `hash`. `audit_seal()` (SECURITY DEFINER, owned by the owner role) takes the advisory lock in its
 * own READ COMMITTED transaction and gives every committed, unsealed row it can see, in (xid, seq)
 * order, the next chain position `pos`, `prev_hash` and `hash` (the row hash over `pos`). The
 * append-only trigger lets exactly that update through (NULL → value of pos/prev_hash/hash, nothing
 * else changed, inside audit_seal) and refuses every other UPDATE, DELETE and TRUNCATE as before; the
 * app's role still has no UPDATE or DELETE right on audit_log at all.
 *
 * Existing rows were sealed by the old trigger: their `pos` is their `seq` (their hash already covers
 * that number) and their digest is computed here.
 */
export class AuditSealing1764201600040 implements MigrationInterface {
  name = 'AuditSealing1764201600040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log ADD COLUMN pos bigint, ADD COLUMN xid xid8, ADD COLUMN digest text;
      ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit_log SET pos = seq, digest = audit_row_hash('', seq, at, user_id, action, entity, entity_id,
        study_code, participant_id, field, old_value, new_value, reason);
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
      ALTER TABLE audit_log
        ALTER COLUMN digest SET NOT NULL,
        ALTER COLUMN prev_hash DROP NOT NULL,
        ALTER COLUMN hash DROP NOT NULL,
        ADD CONSTRAINT audit_log_pos_key UNIQUE (pos),
        ADD CONSTRAINT audit_log_sealed_together CHECK ((pos IS NULL) = (hash IS NULL) AND (pos IS NULL) = (prev_hash IS NULL));
      CREATE INDEX audit_log_unsealed ON audit_log (xid, seq) WHERE pos IS NULL;

      CREATE SEQUENCE audit_log_seq_seq OWNED BY audit_log.seq;
      SELECT setval('audit_log_seq_seq', coalesce((SELECT max(seq) FROM audit_log), 0) + 1, false);

      -- Appending takes no lock any more: number, time, transaction and insert-time digest only.
      -- SECURITY DEFINER so that the app's role needs no right on the sequence; search_path fixed.
      -- seq has no column default: the trigger is the one place that draws it (one value per row).
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          -- Kept from the locked design so that writers keep one behaviour; sealing does not need it.
          IF current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'audit_log rows must be appended under READ COMMITTED, not %', current_setting('transaction_isolation');
          END IF;
          NEW.seq := nextval('public.audit_log_seq_seq');
          NEW.at := clock_timestamp();
          NEW.xid := pg_current_xact_id();
          NEW.pos := NULL;
          NEW.prev_hash := NULL;
          NEW.hash := NULL;
          NEW.digest := public.audit_row_hash('', NEW.seq, NEW.at, NEW.user_id, NEW.action, NEW.entity,
            NEW.entity_id, NEW.study_code, NEW.participant_id, NEW.field, NEW.old_value, NEW.new_value, NEW.reason);
          RETURN NEW;
        END $$;

      -- Append-only, except for sealing: NULL → value of pos, prev_hash and hash once, inside audit_seal().
      CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND current_setting('trialdata.audit_sealing', true) = 'on'
             AND OLD.pos IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
             AND NEW.pos IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
             AND ROW(NEW.seq, NEW.at, NEW.user_id, NEW.action, NEW.entity, NEW.entity_id, NEW.study_code, NEW.participant_id,
                     NEW.field, NEW.old_value, NEW.new_value, NEW.reason, NEW.xid, NEW.digest)
                 IS NOT DISTINCT FROM
                 ROW(OLD.seq, OLD.at, OLD.user_id, OLD.action, OLD.entity, OLD.entity_id, OLD.study_code, OLD.participant_id,
                     OLD.field, OLD.old_value, OLD.new_value, OLD.reason, OLD.xid, OLD.digest) THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;

      -- Seals every committed, unsealed row this statement's snapshot sees, in (xid, seq) order, under
      -- the advisory lock. READ COMMITTED only: the tail and the rows are read after the lock is held.
      CREATE FUNCTION audit_seal() RETURNS TABLE (sealed integer, head_pos bigint, head_hash text) LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
        DECLARE last_pos bigint; last_hash text; r record; h text; n integer := 0;
        BEGIN
          IF current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'audit_seal() runs under READ COMMITTED, not %', current_setting('transaction_isolation');
          END IF;
          PERFORM pg_advisory_xact_lock(7420001);
          PERFORM set_config('trialdata.audit_sealing', 'on', true);
          SELECT a.pos, a.hash INTO last_pos, last_hash FROM audit_log a WHERE a.pos IS NOT NULL ORDER BY a.pos DESC LIMIT 1;
          last_pos := coalesce(last_pos, 0);
          last_hash := coalesce(last_hash, repeat('0', 64));
          FOR r IN SELECT a.* FROM audit_log a WHERE a.pos IS NULL ORDER BY a.xid, a.seq LOOP
            last_pos := last_pos + 1;
            h := audit_row_hash(last_hash, last_pos, r.at, r.user_id, r.action, r.entity, r.entity_id, r.study_code,
              r.participant_id, r.field, r.old_value, r.new_value, r.reason);
            UPDATE audit_log SET pos = last_pos, prev_hash = last_hash, hash = h WHERE seq = r.seq;
            last_hash := h;
            n := n + 1;
          END LOOP;
          PERFORM set_config('trialdata.audit_sealing', 'off', true);
          RETURN QUERY SELECT n, last_pos, last_hash;
        END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Rows appended since are sealed first; their insertion numbers then become their chain positions
    // only if they agree, so down refuses a trail whose numbers and positions differ.
    await q.query(`
      SELECT * FROM audit_seal();
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM audit_log WHERE seq <> pos) THEN
          RAISE EXCEPTION 'audit_log: insertion numbers differ from chain positions; cannot return to the locked chain';
        END IF;
      END $$;
      DROP FUNCTION audit_seal();
      DROP SEQUENCE audit_log_seq_seq;
      DROP INDEX audit_log_unsealed;
      ALTER TABLE audit_log DROP CONSTRAINT audit_log_sealed_together, DROP CONSTRAINT audit_log_pos_key,
        ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
      ALTER TABLE audit_log DROP COLUMN pos, DROP COLUMN xid, DROP COLUMN digest;
      CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public, pg_temp AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql
        SECURITY INVOKER SET search_path = pg_catalog, public, pg_temp AS $$
        DECLARE last_seq bigint; last_hash text;
        BEGIN
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
    `);
  }
}
