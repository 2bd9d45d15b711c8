import { expect } from 'chai';
import type { IssueDraft, IssueTracker } from '../../src/application/ports/issue-tracker.js';

export interface IssueTrackerUnderTest {
  readonly tracker: IssueTracker;
  close(): Promise<void>;
}

export const aDraft = (ticket: string, overrides: Partial<IssueDraft> = {}): IssueDraft => {
  const marker = `<!-- bugport:${ticket} -->`;
  return {
    title: `[${ticket}] Export button does nothing`,
    body: `**Ticket:** ${ticket}\n\nClicking Export shows a spinner forever.\n\n${marker}`,
    labels: ['bug', 'user-reported', 'severity:high'],
    marker,
    ...overrides,
  };
};

export interface IssueTrackerContractOptions {
  /** What the adapter's issue URLs look like: a web address unless said otherwise. */
  readonly url?: RegExp;
}

/** What every `IssueTracker` promises: a created issue can be found again by its marker, and only by it. */
export function issueTrackerContract(
  name: string,
  setup: () => Promise<IssueTrackerUnderTest>,
  { url = /^https?:\/\// }: IssueTrackerContractOptions = {},
): void {
  describe(`IssueTracker contract: ${name}`, () => {
    let subject: IssueTrackerUnderTest;

    beforeEach(async () => {
      subject = await setup();
    });

    afterEach(async () => {
      await subject.close();
    });

    it('finds a created issue by its marker', async () => {
      const draft = aDraft('BUG-2026-0001');
      const created = await subject.tracker.create(draft);

      expect(created.number).to.be.a('number');
      expect(created.url).to.match(url);
      expect(await subject.tracker.findByMarker(draft.marker)).to.deep.equal(created);
    });

    it('answers null for a marker no issue carries', async () => {
      await subject.tracker.create(aDraft('BUG-2026-0001'));

      expect(await subject.tracker.findByMarker('<!-- bugport:BUG-2026-0002 -->')).to.equal(null);
    });

    it('tells apart markers that share a prefix', async () => {
      const longer = await subject.tracker.create(aDraft('BUG-2026-00010'));
      const shorter = await subject.tracker.create(aDraft('BUG-2026-0001'));

      expect(await subject.tracker.findByMarker(aDraft('BUG-2026-0001').marker)).to.deep.equal(
        shorter,
      );
      expect(await subject.tracker.findByMarker(aDraft('BUG-2026-00010').marker)).to.deep.equal(
        longer,
      );
    });

    it('gives every created issue its own number', async () => {
      const first = await subject.tracker.create(aDraft('BUG-2026-0001'));
      const second = await subject.tracker.create(aDraft('BUG-2026-0002'));

      expect(second.number).to.not.equal(first.number);
      expect(second.id).to.not.equal(first.id);
    });
  });
}
