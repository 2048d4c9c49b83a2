import { test, expect } from '@playwright/test';
import { FIXTURE_BOARD, addMemberInDatabase, collectErrors, signUpViaApi, waitForHydration } from './helpers';

const COLUMNS = ['To do', 'In progress', 'In review', 'Done'];
const FIXTURE_TODO = /Draft the release notes|Write the onboarding guide/;

const BOARD = `/boards/${FIXTURE_BOARD}`;

test.beforeEach(async ({ page }) => {
  const { email } = await signUpViaApi(page, 'Vera Viewer');
  addMemberInDatabase(FIXTURE_BOARD, email);
});

test('the board shows the four columns and their cards', async ({ page }) => {
  // `/` opens the board the viewer opened last; the first time, the list of their boards.
  await page.goto('/');
  await expect(page).toHaveURL('/boards');
  await page.getByRole('link', { name: 'Team board' }).click();
  await expect(page).toHaveURL(BOARD);
  await expect(page.getByRole('heading', { name: 'Team board', level: 1 })).toBeVisible();
  for (const name of COLUMNS) {
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  }

  // The fixture's cards (end2end/fixtures/board.sql).
  const todo = page.getByRole('region', { name: 'To do', exact: true });
  await expect(todo.getByRole('article').filter({ hasText: FIXTURE_TODO })).toHaveCount(2);
  await expect(todo.getByRole('article').first()).toContainText('Draft the release notes');
  await expect(todo.getByRole('link', { name: 'Draft the release notes' })).toHaveAttribute('href', /^\/tasks\/\d+$/);

  const late = todo.getByRole('article').filter({ hasText: 'Draft the release notes' });
  await expect(late).toContainText('PIC: Sam Lee');
  await expect(late).toContainText('Due Jan 1, 2020');
  await expect(late.getByText('Overdue', { exact: true })).toBeVisible();

  const inProgress = page.getByRole('region', { name: 'In progress', exact: true });
  await expect(inProgress.getByRole('link', { name: '디자인 검토 회의 준비' })).toBeVisible();
  await expect(inProgress).toContainText('PIC: 김민아');

  // Done is never overdue.
  const done = page.getByRole('region', { name: 'Done', exact: true });
  const shipped = done.getByRole('article').filter({ hasText: 'Set up the repository' });
  await expect(shipped).toContainText('Due Jan 1, 2020');
  await expect(shipped.getByText('Overdue')).toHaveCount(0);
});

test('the board hydrates and a column collapses by mouse and by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(BOARD);
  await waitForHydration(page);

  const todo = page.getByRole('region', { name: 'To do', exact: true });
  const toggle = page.getByRole('button', { name: 'To do tasks' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(todo.getByRole('article').filter({ hasText: FIXTURE_TODO })).toHaveCount(2);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(todo.getByRole('list')).toBeHidden();
  // The other columns are untouched.
  await expect(page.getByRole('region', { name: 'Done', exact: true }).getByRole('article').first()).toBeVisible();

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(todo.getByRole('article').filter({ hasText: FIXTURE_TODO })).toHaveCount(2);

  expect(errors).toEqual([]);
});

test('the board is readable with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { email } = await signUpViaApi(page, 'Nora Nojs');
  addMemberInDatabase(FIXTURE_BOARD, email);
  await page.goto(BOARD);
  await expect(
    page.getByRole('region', { name: 'To do', exact: true }).getByRole('article').filter({ hasText: FIXTURE_TODO }),
  ).toHaveCount(2);
  await expect(page.getByRole('link', { name: '디자인 검토 회의 준비' })).toBeVisible();
  await context.close();
});

test('the JS, WASM and CSS have content-hashed names, are cached for a year and come compressed', async ({ page }) => {
  const assets: { url: string; cacheControl: string; encoding: string }[] = [];
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname.startsWith('/pkg/')) {
      const headers = await response.allHeaders();
      assets.push({
        url: response.url(),
        cacheControl: headers['cache-control'] ?? '',
        encoding: headers['content-encoding'] ?? '',
      });
    }
  });
  await page.goto(BOARD);
  await waitForHydration(page);
  const kinds = ['.js', '.wasm', '.css'].map((ext) => assets.find((a) => a.url.endsWith(ext)));
  for (const asset of kinds) {
    expect(asset, `a ${JSON.stringify(assets)}`).toBeDefined();
    // taskboard.<hash>.<ext>: the name changes whenever the content does.
    expect(new URL(asset!.url).pathname).toMatch(/^\/pkg\/taskboard\.[A-Za-z0-9_-]{8,}(_bg)?\.(js|wasm|css)$/);
    expect(asset!.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(['br', 'gzip']).toContain(asset!.encoding);
  }
});
