/**
 * A promise rejected with nobody listening (a library's fire-and-forget
 * statement during a database blip) must not take the server and every
 * request in flight down with it: log it and go on. Real failures still
 * surface where they are awaited.
 */
export function logStrayRejections(log: (message: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
}
