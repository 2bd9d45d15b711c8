import type { Migration } from './migration.js';

/**
 * Who uploaded each screenshot (`POST /upload-screenshot`), so that a report
 * links only its own company's files. `name` is the stored file name
 * (`<uuid>.<ext>`), minted by bugport; lookups are always by company and
 * name, and `idx_screenshot_uploads_company` serves a future per-company
 * listing or clean-up.
 */
export const createScreenshotUploads: Migration = {
  name: '0004-create-screenshot-uploads',
  async up({ query }) {
    await query(`
      CREATE TABLE screenshot_uploads (
        name varchar(100) COLLATE "C" PRIMARY KEY,
        company_id integer NOT NULL,
        user_id integer NOT NULL,
        content_type varchar(50) NOT NULL,
        bytes integer NOT NULL CHECK (bytes >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_screenshot_uploads_company ON screenshot_uploads (company_id);
    `);
  },
  async down({ query }) {
    await query('DROP TABLE screenshot_uploads;');
  },
};
