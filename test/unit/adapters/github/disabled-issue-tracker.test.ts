import { expect } from 'chai';
import { DisabledIssueTracker } from '../../../../src/adapters/github/disabled-issue-tracker.js';
import { DeliveryError } from '../../../../src/application/errors/delivery-error.js';

describe('DisabledIssueTracker (the standalone tracker while GitHub is disabled)', () => {
  it('refuses every call with a permanent DeliveryError, so nothing is filed nowhere', async () => {
    const tracker = new DisabledIssueTracker();
    for (const call of [() => tracker.findByMarker(), () => tracker.create()]) {
      const error = await call().then(
        () => expect.fail('expected a refusal'),
        (thrown: unknown) => thrown,
      );
      expect(error).to.be.instanceOf(DeliveryError);
      expect((error as DeliveryError).kind).to.equal('permanent');
      expect((error as DeliveryError).message).to.include('GITHUB_ENABLED');
    }
  });
});
