import type { Migration } from './migration.js';

/**
 * The `Idempotency-Key`s of successful submissions (a retried POST /report
 * answers as the first; see docs/adr/0010-idempotency.md). Written in the
 * report's own transaction, so a key never outlives or predates its report;
 * the primary key is what makes two racing requests with one key resolve to
 * one report. A row older than
 * 24 hours is expired: it is overwritten when its key comes back, and
 * `idx_idempotency_keys_created` serves deleting old rows in bulk.
 */
export const createIdempotencyKeys: Migration = {
  name: '0005-create-idempotency-keys',
  async up({ query }) {
    await query(`
      CREATE TABLE idempotency_keys (
        company_id integer NOT NULL,
        user_id integer NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        report_id uuid NOT NULL REFERENCES issue_reports (id) ON DELETE CASCADE,
        ticket_number varchar(20) NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (company_id, user_id, key)
      );
      CREATE INDEX idx_idempotency_keys_report ON idempotency_keys (report_id);
      CREATE INDEX idx_idempotency_keys_created ON idempotency_keys (created_at);
    `);
  },
  async down({ query }) {
    await query('DROP TABLE idempotency_keys;');
  },
};
