/**
 * The sample company's engineer directory (what an SSO/HR export would give): corporate email, GitHub
 * login, business unit and team. The platform's seed `seeds/engineer_directory.csv` is this file for the
 * demo organisation; GitHub Copilot reports carry only logins, and the directory maps them to emails
 * (source-apis.md §2.4). Engineers are generated prefix-stably (engineer i depends only on the seed
 * and i), so the committed file covers every demo run with up to DIRECTORY_ENGINEERS engineers; logins
 * beyond it stay unresolved (their engineer_key falls back to a hash of the login).
 */
import type { Organisation } from './generator/index.js';

/** The demo organisation's generator seed (startDemoApis' default). */
export const DEMO_SEED = 20260101;
/** Engineers listed in the committed directory seed. */
export const DIRECTORY_ENGINEERS = 600;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderEngineerDirectoryCsv(org: Organisation, limit = org.engineers.length): string {
  const lines = ['email,github_login,business_unit,team'];
  for (const e of org.engineers.slice(0, limit)) lines.push([e.email, e.githubLogin, e.businessUnit, e.team].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
