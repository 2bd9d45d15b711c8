/**
 * The benchmarks' bulk seed: one set-based INSERT of `rows` reports, far
 * faster than going through the API. `company` is an SQL expression of the
 * row number `n` (which company a row belongs to); the rest is the same
 * realistic report, spread over time so that listings order by `created_at`.
 */
export function seedStatement({
  rows,
  company,
  users,
  spacing,
}: {
  readonly rows: number;
  readonly company: string;
  readonly users: number;
  /** Time between two consecutive reports, e.g. `'2 minutes'`. */
  readonly spacing: string;
}): string {
  return `
  INSERT INTO issue_reports (
    id, ticket_number, category, severity, status, title, description,
    steps_to_reproduce, user_id, company_id, reporter_name, reporter_email,
    browser_info, page_url, console_errors, api_history, user_actions,
    github_sync_status, created_at, updated_at, email_status)
  SELECT
    gen_random_uuid(),
    -- BUG-2020-0001 … BUG-2024-200000: lpad would cut numbers of five digits and more.
    'BUG-' || (2020 + n / 200000) || '-' || CASE WHEN n % 200000 < 9999
      THEN lpad((n % 200000 + 1)::text, 4, '0') ELSE (n % 200000 + 1)::text END,
    (ARRAY['bug','feature_request','help','other'])[1 + n % 4]::enum_issue_reports_category,
    (ARRAY['critical','high','medium','low'])[1 + (n / 4) % 4]::enum_issue_reports_severity,
    (ARRAY['new','new','in_review','assigned','in_progress','resolved','resolved','closed'])
      [1 + (hashint4(n) & 7)]::enum_issue_reports_status,
    'Export button does nothing #' || n,
    repeat('Clicking Export on the invoices page shows a spinner forever. ', 4),
    '1. Open invoices' || chr(10) || '2. Click Export',
    1000 + n % ${users},
    ${company},
    'Reporter ' || n % ${users},
    'user' || n % ${users} || '@example.com',
    '{"name":"Chrome","version":"120.0","platform":"macOS"}',
    'https://app.example.com/invoices',
    '[{"message":"TypeError: x is undefined","timestamp":"2026-03-10T09:29:00Z"}]',
    '[{"method":"GET","url":"/api/invoices/export","status":500,"duration":120}]',
    '[{"type":"click","target":"button#export"}]',
    'synced',
    timestamptz '2021-01-01 00:00:00+00' + n * interval '${spacing}',
    timestamptz '2021-01-01 00:00:00+00' + n * interval '${spacing}',
    'sent'
  FROM generate_series(0, ${rows - 1}) AS n`;
}
