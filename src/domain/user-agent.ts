/**
 * A browser's user-agent string, reduced to what a person reads at a glance:
 * "Chrome 120 · macOS". Pure and deliberately small: the common desktop and
 * mobile browsers, by the tokens they have sent for years; anything else
 * gives `null` parts and the caller shows what the browser itself reported.
 */
export interface UserAgentSummary {
  /** Browser family: Chrome, Edge, Firefox, Safari, Opera, Samsung Internet; `null` if unknown. */
  readonly browser: string | null;
  /** Major version only: `120`, not `120.0.6099.109`. */
  readonly version: string | null;
  /** Windows, macOS, iOS, iPadOS, Android, ChromeOS or Linux; `null` if unknown. */
  readonly os: string | null;
}

// Order matters: Edge and Opera also send `Chrome/`, Chrome also sends `Safari/`.
const BROWSERS: readonly [string, RegExp][] = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\/(\d+)/],
  ['Opera', /\b(?:OPR|OPiOS)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:\.\d+)*.*\bSafari\//],
];

const SYSTEMS: readonly [string, RegExp][] = [
  ['Windows', /\bWindows\b/],
  ['iPadOS', /\biPad\b/],
  ['iOS', /\b(?:iPhone|iPod)\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Android', /\bAndroid\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b/],
];

/** Never throws; an overlong string is read only in its first 1,000 characters. */
export function parseUserAgent(userAgent: string): UserAgentSummary {
  const ua = userAgent.slice(0, 1_000);
  let browser: string | null = null;
  let version: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = name;
      version = match[1] ?? null;
      break;
    }
  }
  const os = SYSTEMS.find(([, pattern]) => pattern.test(ua))?.[0] ?? null;
  return { browser, version, os };
}
