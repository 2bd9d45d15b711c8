/** One symbol per port, use case and piece of wiring. Only the composition uses them. */
export const TOKENS = {
  config: Symbol.for('bugport.Config'),
  logger: Symbol.for('bugport.Logger'),
  // ports
  clock: Symbol.for('bugport.Clock'),
  ids: Symbol.for('bugport.IdGenerator'),
  reports: Symbol.for('bugport.IssueReportRepository'),
  tickets: Symbol.for('bugport.TicketSequence'),
  jobQueue: Symbol.for('bugport.JobQueue'),
  issueTracker: Symbol.for('bugport.IssueTracker'),
  mailer: Symbol.for('bugport.Mailer'),
  screenshots: Symbol.for('bugport.ScreenshotStore'),
  rateLimiter: Symbol.for('bugport.RateLimiter'),
  images: Symbol.for('bugport.ImageProcessor'),
  uploads: Symbol.for('bugport.UploadRegistry'),
  // use cases
  submitIssueReport: Symbol.for('bugport.SubmitIssueReport'),
  listIssueReports: Symbol.for('bugport.ListIssueReports'),
  getIssueReport: Symbol.for('bugport.GetIssueReport'),
  uploadScreenshot: Symbol.for('bugport.UploadScreenshot'),
  getScreenshot: Symbol.for('bugport.GetScreenshot'),
  getPublicScreenshot: Symbol.for('bugport.GetPublicScreenshot'),
  syncReportToGitHub: Symbol.for('bugport.SyncReportToGitHub'),
  sendConfirmationEmail: Symbol.for('bugport.SendConfirmationEmail'),
  // edges
  authenticate: Symbol.for('bugport.Authenticate'),
  ready: Symbol.for('bugport.Ready'),
  httpApp: Symbol.for('bugport.HttpApp'),
} as const;
