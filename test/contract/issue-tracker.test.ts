import { OctokitIssueTracker } from '../../src/adapters/github/octokit-issue-tracker.js';
import { InMemoryIssueTracker } from '../../src/adapters/in-memory/in-memory-issue-tracker.js';
import { GitHubStandIn } from '../support/github-stand-in.js';
import { issueTrackerContract } from './issue-tracker.contract.js';

const TOKEN = 'ghp_contractTestToken0000000000000000';

issueTrackerContract('InMemoryIssueTracker', async () => ({
  tracker: new InMemoryIssueTracker(),
  close: async () => undefined,
}));

issueTrackerContract('OctokitIssueTracker against the GitHub stand-in', async () => {
  const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
  return {
    tracker: new OctokitIssueTracker({
      token: TOKEN,
      repo: 'acme/app',
      baseUrl: github.url,
      inProcessThrottling: false,
    }),
    close: () => github.close(),
  };
});

issueTrackerContract('OctokitIssueTracker, search index lagging behind', async () => {
  // Only the scan of recent issues can see what was just created.
  const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app', searchLagMs: 60_000 });
  return {
    tracker: new OctokitIssueTracker({
      token: TOKEN,
      repo: 'acme/app',
      baseUrl: github.url,
      inProcessThrottling: false,
    }),
    close: () => github.close(),
  };
});

issueTrackerContract(
  'OctokitIssueTracker, issue beyond the scanned pages (search only)',
  async () => {
    const github = await GitHubStandIn.start({ token: TOKEN, repo: 'acme/app' });
    return {
      tracker: new OctokitIssueTracker({
        token: TOKEN,
        repo: 'acme/app',
        baseUrl: github.url,
        inProcessThrottling: false,
        scanPages: 0,
      }),
      close: () => github.close(),
    };
  },
);
