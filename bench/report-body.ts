/**
 * A realistic POST /report body of about 20 KB, as the browser widget sends
 * it: the text fields, browser info, the last console errors, API calls and
 * user actions, and the storage snapshots. No screenshot.
 */
export function aLargeReportBody(): Record<string, unknown> {
  const at = (second: number) => new Date(Date.UTC(2026, 2, 10, 9, 0, second)).toISOString();
  const consoleErrors = Array.from({ length: 12 }, (_, i) => ({
    level: i % 3 === 0 ? 'warn' : 'error',
    message: `TypeError: Cannot read properties of undefined (reading 'total') #${i}`,
    stack:
      `TypeError: Cannot read properties of undefined (reading 'total')\n` +
      `    at InvoiceTable.render (https://app.example.com/assets/invoices-3f9a1c.js:1:48213)\n` +
      `    at renderWithHooks (https://app.example.com/assets/vendor-81be2d.js:2:112004)\n` +
      `    at updateFunctionComponent (https://app.example.com/assets/vendor-81be2d.js:2:115671)`,
    source: 'https://app.example.com/assets/invoices-3f9a1c.js',
    line: 1,
    column: 48213,
    timestamp: at(i * 5),
  }));
  const apiHistory = Array.from({ length: 30 }, (_, i) => ({
    method: i % 5 === 0 ? 'POST' : 'GET',
    url: `/api/invoices?page=${i + 1}&per_page=50&sort=-created_at&filter[status]=open`,
    status: i === 29 ? 500 : 200,
    duration: 40 + ((i * 37) % 400),
    request_size: 120 + i,
    response_size: 18_000 + i * 13,
    timestamp: at(i * 3),
  }));
  const userActions = Array.from({ length: 32 }, (_, i) => ({
    type: ['click', 'input', 'navigate', 'scroll'][i % 4],
    target: `div.invoices > table > tbody > tr:nth-child(${(i % 20) + 1}) > td.actions > button`,
    text: i % 4 === 1 ? 'ACME Corp' : 'Export',
    x: (i * 53) % 1440,
    y: (i * 29) % 900,
    timestamp: at(i * 2),
  }));
  const storage = (prefix: string, count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `${prefix}.${i}`,
        JSON.stringify({ value: `setting ${i}`, updatedAt: at(i), flags: [i % 2 === 0, i % 3] }),
      ]),
    );
  return {
    category: 'bug',
    severity: 'high',
    title: 'Export button does nothing on the invoices page',
    description:
      'Clicking Export on the invoices page shows a spinner forever; no file is downloaded. '.repeat(
        6,
      ),
    steps_to_reproduce: '1. Open Invoices\n2. Filter by "open"\n3. Click Export',
    expected_behavior: 'A CSV file with the filtered invoices is downloaded.',
    actual_behavior: 'The spinner keeps turning; the console shows a TypeError.',
    browser_info: {
      name: 'Chrome',
      version: '122.0.6261.112',
      platform: 'macOS',
      language: 'en-GB',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
      cookiesEnabled: true,
      online: true,
    },
    page_url: 'https://app.example.com/invoices?status=open',
    page_title: 'Invoices · Example App',
    viewport_size: '1440x900',
    screen_resolution: '2560x1440',
    console_errors: consoleErrors,
    api_history: apiHistory,
    user_actions: userActions,
    local_storage_data: storage('app.pref', 12),
    session_storage_data: storage('app.session', 8),
  };
}
