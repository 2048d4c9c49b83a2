import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/** Passes every password rule. */
export const PASSWORD = 'violet tugboat orbit';

/** An email nobody in this run has used yet. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** The SES stand-in of this test run (scripts/test.sh says where). */
export const SES_URL = process.env.SES_URL ?? 'http://127.0.0.1:8005';

type StoredEmail = { subject: string; destination: { to: string[] }; body: { text: string; html: string } };

/** The path (and query) of the newest link to `path` in an email to `address`, waiting for it. */
export async function linkInEmail(page: Page, address: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const store = await (await page.request.get(`${SES_URL}/store`)).json();
        link = (store.emails as StoredEmail[])
          .filter((email) => email.destination.to.includes(address))
          .map((email) => email.body.text.match(new RegExp(`https?://\\S+${path.replace('?', '\\?')}\\S*`))?.[0])
          .filter(Boolean)
          .pop();
        return link;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  const url = new URL(link!);
  return url.pathname + url.search;
}

/**
 * Creates an account through the server fn (quicker than the form) and logs the page's browser
 * in. Unless `confirm` is false, it also opens the confirmation link from the sign-up email, as
 * the person would: only confirmed addresses get notification emails.
 */
export async function signUpViaApi(
  page: Page,
  name: string,
  { confirm = true, timeZone }: { confirm?: boolean; timeZone?: string } = {},
): Promise<{ name: string; email: string }> {
  const email = uniqueEmail(name.split(' ')[0].toLowerCase());
  const response = await page.request.post('/api/sign_up', {
    // The sign-up page sends the browser's zone; without one the account is on UTC.
    form: timeZone ? { name, email, password: PASSWORD, time_zone: timeZone } : { name, email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(response.headers()['location']).toBe('/');
  if (confirm) {
    const link = await linkInEmail(page, email, '/verify-email?token=');
    const confirmed = await page.request.get(link);
    expect(await confirmed.text()).toMatch(/Your email address is confirmed|이메일 주소가 확인되었습니다/);
  }
  return { name, email };
}

/** Collects console errors and uncaught exceptions (a hydration mismatch shows up here). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Waits until the WASM has hydrated the page (an effect sets this). */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated="true"]')).toHaveCount(1);
}

/** Creates a board through the server fn (the page's user becomes its admin); returns its id. */
export async function createBoardViaApi(page: Page, name: string): Promise<number> {
  const response = await page.request.post('/api/create_board', { form: { name }, maxRedirects: 0 });
  expect(response.status(), await response.text()).toBe(200);
  const location = response.headers()['location'] ?? '';
  const id = Number(location.match(/^\/boards\/(\d+)$/)?.[1]);
  expect(id, `a redirect to the new board, got ${location}`).toBeGreaterThan(0);
  return id;
}

/**
 * Makes the account with `email` a member of board `boardId`, straight in the test database:
 * set-up for tests about something other than joining (scripts/test.sh says which database).
 */
export function addMemberInDatabase(boardId: number, email: string, role: 'admin' | 'member' = 'member'): void {
  const database = process.env.E2E_DATABASE ?? 'taskboard_e2e';
  const client = process.env.MYSQL_CLIENT ?? 'mariadb';
  // The address comes from uniqueEmail (letters, digits, - . @), so it is safe to quote.
  expect(email).toMatch(/^[A-Za-z0-9.@_-]+$/);
  const sql =
    `INSERT INTO board_members (board_id, user_id, role) ` +
    `SELECT ${Number(boardId)}, id, '${role}' FROM users WHERE email = '${email.toLowerCase()}'`;
  execFileSync(client, ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', database, '-e', sql]);
}

/** The board that end2end/fixtures/board.sql seeds. */
export const FIXTURE_BOARD = 1;
