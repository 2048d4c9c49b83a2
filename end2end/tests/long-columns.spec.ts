import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

/**
 * Puts `count` tasks straight into column `status` of board `boardId`, supervised by `email`,
 * "{prefix} 1" on top.
 */
function seed(boardId: number, email: string, count: number, status = 'todo', prefix = 'Long task'): void {
  const database = process.env.E2E_DATABASE ?? 'taskboard_e2e';
  const client = process.env.MYSQL_CLIENT ?? 'mariadb';
  expect(email).toMatch(/^[A-Za-z0-9.@_-]+$/);
  const sql =
    `INSERT INTO tasks (board_id, title, description, status, position, supervisor_id) ` +
    `SELECT ${Number(boardId)}, CONCAT('${prefix} ', seq), '', '${status}', seq * 1024, u.id ` +
    `FROM seq_1_to_${Number(count)} CROSS JOIN users u WHERE u.email = '${email.toLowerCase()}'`;
  execFileSync(client, ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', database, '-e', sql]);
}

test('a long column pages its cards in as it is scrolled, and a card moved from its end stays in view', async ({
  page,
}) => {
  const { email } = await signUpViaApi(page, 'Lena Long');
  const board = await createBoardViaApi(page, 'Long board');
  seed(board, email, 120);
  seed(board, email, 3, 'done', 'Finished');
  await page.goto(`/boards/${board}`);
  await waitForHydration(page);

  const todo = page.getByRole('region', { name: 'To do', exact: true });
  const cards = todo.getByRole('article');
  await expect(cards).toHaveCount(50);
  await expect(todo).toContainText('Showing 50 of 120');

  // Scrolling down to the end of the column brings the next cards in, on the same page.
  await todo.getByRole('link', { name: 'Show 50 more in To do' }).scrollIntoViewIfNeeded();
  await expect(cards).toHaveCount(100);
  await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?show_todo=100`));
  await todo.getByRole('link', { name: 'Show 20 more in To do' }).scrollIntoViewIfNeeded();
  await expect(cards).toHaveCount(120);
  await expect(todo.getByRole('link', { name: /more in To do/ })).toHaveCount(0);

  // The last card, moved from the keyboard, goes to the top of Done and keeps the focus.
  const lastMove = page.getByRole('button', { name: 'Move Long task 120' });
  await lastMove.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Done' }).click();
  const done = page.getByRole('region', { name: 'Done', exact: true });
  await expect(done.getByRole('article')).toHaveCount(4);
  await expect(done.getByRole('article').first()).toContainText('Long task 120');
  await expect(lastMove).toBeFocused();

  // Reloaded, the page opens as it was left (120 cards of To do asked for), the moved card on
  // top of Done; without JavaScript the "Show more" link is a plain link to the same page.
  await page.reload();
  await expect(done.getByRole('article').first()).toContainText('Long task 120');
  await expect(cards).toHaveCount(119);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"Show more" is a link that shows the next cards', async ({ page }) => {
    const { email } = await signUpViaApi(page, 'Nora NoScript');
    const board = await createBoardViaApi(page, 'Long board');
    seed(board, email, 60);
    await page.goto(`/boards/${board}`);
    const todo = page.getByRole('region', { name: 'To do', exact: true });
    await expect(todo.getByRole('article')).toHaveCount(50);
    await todo.getByRole('link', { name: 'Show 10 more in To do' }).click();
    await expect(page).toHaveURL(new RegExp(`show_todo=100`));
    await expect(todo.getByRole('article')).toHaveCount(60);
  });
});
