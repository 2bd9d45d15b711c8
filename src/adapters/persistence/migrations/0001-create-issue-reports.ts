import type { Migration } from './migration.js';

/**
 * Requirements 1.1. Deviations, each for a reason: `github_issue_id` is
 * BIGINT (GitHub's issue ids no longer fit 32 bits); `email_sent` is generated
 * from `email_status` so the two can never disagree; `ticket_number` uses the
 * "C" collation (plain byte order: it is ASCII, and comparisons are cheaper);
 * `idx_company` leads with `company_id` but also carries the listing order,
 * so the one index serves lookups by company, newest-first pages and counts.
 */
export const createIssueReports: Migration = {
  name: '0001-create-issue-reports',
  async up({ query }) {
    await query(`
      CREATE TYPE enum_issue_reports_category AS ENUM ('bug', 'feature_request', 'help', 'other');
      CREATE TYPE enum_issue_reports_severity AS ENUM ('critical', 'high', 'medium', 'low');
      CREATE TYPE enum_issue_reports_status AS ENUM
        ('new', 'in_review', 'assigned', 'in_progress', 'resolved', 'closed');
      CREATE TYPE enum_issue_reports_github_sync_status AS ENUM ('pending', 'synced', 'failed');
      CREATE TYPE enum_issue_reports_email_status AS ENUM ('pending', 'sent', 'failed', 'skipped');

      CREATE TABLE issue_reports (
        id uuid PRIMARY KEY,
        ticket_number varchar(20) COLLATE "C" NOT NULL
          CHECK (ticket_number ~ '^BUG-[0-9]{4}-[0-9]{4,}$'),
        category enum_issue_reports_category NOT NULL DEFAULT 'bug',
        severity enum_issue_reports_severity NOT NULL DEFAULT 'medium',
        status enum_issue_reports_status NOT NULL DEFAULT 'new',
        title varchar(255) NOT NULL,
        description text NOT NULL,
        steps_to_reproduce text,
        expected_behavior text,
        actual_behavior text,
        user_id integer NOT NULL,
        company_id integer NOT NULL,
        reporter_name text NOT NULL,
        reporter_email text,
        browser_info jsonb,
        page_url varchar(500),
        page_title varchar(255),
        viewport_size varchar(50),
        screen_resolution varchar(50),
        console_errors jsonb NOT NULL DEFAULT '[]',
        api_history jsonb NOT NULL DEFAULT '[]',
        user_actions jsonb NOT NULL DEFAULT '[]',
        local_storage_data jsonb,
        session_storage_data jsonb,
        screenshot_path varchar(500),
        screenshot_annotations jsonb,
        attachments jsonb NOT NULL DEFAULT '[]',
        github_issue_id bigint,
        github_issue_url varchar(500),
        github_issue_number integer,
        github_sync_status enum_issue_reports_github_sync_status NOT NULL DEFAULT 'pending',
        github_sync_error text,
        github_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        internal_notes text,
        assigned_to varchar(100),
        resolution_notes text,
        email_sent boolean GENERATED ALWAYS AS (email_status = 'sent') STORED,
        email_status enum_issue_reports_email_status NOT NULL DEFAULT 'pending',
        email_sent_at timestamptz,
        email_error text,
        CONSTRAINT idx_ticket_number UNIQUE (ticket_number),
        -- Lets comments reference (report, company) so a comment cannot cross tenants.
        CONSTRAINT issue_reports_id_company_key UNIQUE (id, company_id)
      );

      CREATE INDEX idx_user ON issue_reports (user_id);
      CREATE INDEX idx_company ON issue_reports
        (company_id, created_at DESC, ticket_number DESC) INCLUDE (id);
      CREATE INDEX idx_company_status ON issue_reports
        (company_id, status, created_at DESC, ticket_number DESC) INCLUDE (id);
      CREATE INDEX idx_status ON issue_reports (status);
      CREATE INDEX idx_severity ON issue_reports (severity);
      CREATE INDEX idx_category ON issue_reports (category);
      CREATE INDEX idx_created ON issue_reports (created_at);
      CREATE INDEX idx_github ON issue_reports (github_issue_number);
    `);
  },
  async down({ query }) {
    await query(`
      DROP TABLE issue_reports;
      DROP TYPE enum_issue_reports_category, enum_issue_reports_severity,
        enum_issue_reports_status, enum_issue_reports_github_sync_status,
        enum_issue_reports_email_status;
    `);
  },
};
