import type { Migration } from './migration.js';

/** Requirements 1.2. The foreign key includes the company: a comment stays in its report's tenant. */
export const createIssueComments: Migration = {
  name: '0002-create-issue-comments',
  async up({ query }) {
    await query(`
      CREATE TABLE issue_comments (
        id uuid PRIMARY KEY,
        issue_id uuid NOT NULL,
        user_id integer NOT NULL,
        company_id integer NOT NULL,
        comment text NOT NULL,
        is_internal boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT issue_comments_issue_fkey FOREIGN KEY (issue_id, company_id)
          REFERENCES issue_reports (id, company_id) ON DELETE CASCADE
      );
      CREATE INDEX idx_comments_issue ON issue_comments (issue_id, created_at);
      CREATE INDEX idx_comments_company ON issue_comments (company_id);
      CREATE INDEX idx_comments_user ON issue_comments (user_id);
    `);
  },
  async down({ query }) {
    await query('DROP TABLE issue_comments;');
  },
};
