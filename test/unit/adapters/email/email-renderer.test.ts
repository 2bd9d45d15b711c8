import { expect } from 'chai';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_EMAIL_TEMPLATES_DIR,
  MAX_SUBJECT_TITLE,
  NunjucksEmailRenderer,
  confirmationSubject,
} from '../../../../src/adapters/email/nunjucks-email-renderer.js';
import { createIssueReport, type IssueReport } from '../../../../src/domain/issue-report.js';
import {
  aNewReport,
  aTicketNumber,
  patchReport,
  type ReportPatch,
} from '../../../support/builders.js';

function aReport(overrides: ReportPatch = {}): IssueReport {
  const created = createIssueReport(
    aNewReport({ category: 'feature_request', severity: 'critical' }),
    { userId: 7, companyId: 1, name: 'Ada Lovelace', email: 'ada@example.com' },
    {
      id: 'r-1',
      ticketNumber: aTicketNumber('BUG-2026-0042'),
      now: new Date('2026-03-10T09:30:00Z'),
    },
  );
  if (!created.ok) throw new Error(created.error.message);
  return patchReport(created.value, overrides);
}

const PREFIX = '[BUG-2026-0001] We received your report: ';

describe('NunjucksEmailRenderer', () => {
  it('ships its templates in the package', () => {
    expect(existsSync(join(DEFAULT_EMAIL_TEMPLATES_DIR, 'issue_confirmation.html'))).to.equal(true);
    expect(existsSync(join(DEFAULT_EMAIL_TEMPLATES_DIR, 'issue_confirmation.txt'))).to.equal(true);
  });

  it('puts ticket, title, category and severity in the subject and both parts', async () => {
    const email = await new NunjucksEmailRenderer().renderConfirmation(aReport());
    expect(email.subject).to.equal(
      '[BUG-2026-0042] We received your report: Export button does nothing',
    );
    for (const part of [email.html, email.text]) {
      expect(part)
        .to.contain('BUG-2026-0042')
        .and.contain('Export button does nothing')
        .and.contain('Feature request')
        .and.contain('Critical')
        .and.contain('Our team will review your report')
        .and.contain('Support Team')
        .and.contain('Hello Ada Lovelace');
    }
  });

  it('styles the HTML inline, without external CSS or scripts', async () => {
    const { html } = await new NunjucksEmailRenderer().renderConfirmation(aReport());
    expect(html)
      .to.match(/<table role="presentation"/)
      .and.match(/style="/);
    expect(html).to.not.match(/<link|<script|<style/i);
  });

  it('escapes everything the reporter typed in the HTML part', async () => {
    const email = await new NunjucksEmailRenderer().renderConfirmation(
      aReport({
        problem: { title: '<script>alert(1)</script> & "quotes" <img src=x onerror=alert(2)>' },
        reporter: { name: '<b>Mallory</b>' },
      }),
    );
    expect(email.html).to.not.contain('<script').and.not.contain('<img').and.not.contain('<b>');
    expect(email.html)
      .to.contain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;')
      .and.contain('&lt;b&gt;Mallory&lt;/b&gt;');
    // Plain text has no markup: the reporter's words appear as typed.
    expect(email.text).to.contain('<script>alert(1)</script> & "quotes"');
  });

  it('drops direction controls from the title and name in the subject and both parts', async () => {
    const controls = ['\u202E', '\u200F', '\u2066', '\u061C'];
    const email = await new NunjucksEmailRenderer().renderConfirmation(
      aReport({
        problem: { title: `Invoice \u202Efdp.exe\u202C broken${controls.join('')}` },
        reporter: { name: 'Ada\u200F Lovelace' },
      }),
    );
    for (const part of [email.subject, email.html, email.text]) {
      for (const control of controls) expect(part).not.to.contain(control);
    }
    expect(email.subject).to.contain('Invoice fdp.exe broken');
    expect(email.text).to.contain('Ada Lovelace');
  });

  it('takes a host template first and the shipped one for what the host lacks', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bugport-templates-'));
    try {
      await writeFile(
        join(directory, 'issue_confirmation.html'),
        '<p>Custom {{ ticket_number }}: {{ title }}</p>',
      );
      const email = await new NunjucksEmailRenderer({ directory }).renderConfirmation(
        aReport({ problem: { title: 'A <b>bold</b> claim' } }),
      );
      expect(email.html).to.equal('<p>Custom BUG-2026-0042: A &lt;b&gt;bold&lt;/b&gt; claim</p>');
      expect(email.text).to.contain('Our team will review your report');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a template directory that does not exist', () => {
    expect(
      () => new NunjucksEmailRenderer({ directory: '/nonexistent/bugport-templates' }),
    ).to.throw(/No e-mail template directory/);
  });

  it('fails to render a broken template', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bugport-templates-'));
    try {
      await writeFile(join(directory, 'issue_confirmation.txt'), '{% if %}');
      const renderer = new NunjucksEmailRenderer({ directory });
      const failure = await renderer.renderConfirmation(aReport()).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(Error);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('confirmationSubject', () => {
  it('collapses CR, LF and other control characters into single spaces', () => {
    expect(
      confirmationSubject('BUG-2026-0001', '  Crash\r\nBcc: eve@example.com\t\u0000end \u2028x  '),
    ).to.equal(`${PREFIX}Crash Bcc: eve@example.com end x`);
  });

  it('drops bidi overrides that could disguise the title', () => {
    expect(confirmationSubject('BUG-2026-0001', 'abc\u202Edef')).to.equal(`${PREFIX}abc def`);
  });

  it(`cuts a title past ${MAX_SUBJECT_TITLE} characters with an ellipsis, never inside a character`, () => {
    const subject = confirmationSubject('BUG-2026-0001', '😀'.repeat(300));
    const title = Array.from(subject.slice(PREFIX.length));
    expect(title).to.have.length(MAX_SUBJECT_TITLE);
    expect(title.at(-1)).to.equal('…');
    expect(title.slice(0, -1).every((c) => c === '😀')).to.equal(true);
  });

  it('keeps a title that fits whole', () => {
    const title = 'x'.repeat(MAX_SUBJECT_TITLE);
    expect(confirmationSubject('BUG-2026-0001', title)).to.equal(`${PREFIX}${title}`);
  });

  it('is always one bounded line, whatever the title', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (title) => {
        const subject = confirmationSubject('BUG-2026-0001', title);
        expect(subject.startsWith(PREFIX)).to.equal(true);
        expect(subject).to.not.match(/[\p{Cc}\u2028\u2029]/u);
        expect(Array.from(subject.slice(PREFIX.length)).length).to.be.at.most(MAX_SUBJECT_TITLE);
      }),
    );
  });
});
