import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { addMemberInDatabase, collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

/** The second server instance scripts/test.sh starts on the same database. */
const SECOND_INSTANCE = process.env.SECOND_BASE_URL ?? 'http://127.0.0.1:3101';

async function createViaApi(page: Page, board: number, title: string): Promise<void> {
  const response = await page.request.post('/api/create_task', {
    form: { board: String(board), request_id: randomUUID(), title, description: '', deadline: '', pic: '' },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBeLessThan(400);
}

test('a teammate on another server instance sees a move and a new task without reloading', async ({ browser }) => {
  const minaContext = await browser.newContext();
  const mina = await minaContext.newPage();
  const samContext = await browser.newContext({ baseURL: SECOND_INSTANCE });
  const sam = await samContext.newPage();
  const errors = [...collectErrors(mina), ...collectErrors(sam)];
  const tag = randomUUID().slice(0, 6);
  await signUpViaApi(mina, 'Mina Live');
  const { email: samEmail } = await signUpViaApi(sam, 'Sam Live');
  const board = await createBoardViaApi(mina, `Live ${tag}`);
  // An admin, so the task page gives Sam its edit form.
  addMemberInDatabase(board, samEmail, 'admin');
  const title = `Plan the launch ${tag}`;
  await createViaApi(mina, board, title);

  await sam.goto(`/boards/${board}`);
  await waitForHydration(sam);
  await mina.goto(`/boards/${board}`);
  await waitForHydration(mina);
  await expect(sam.getByRole('region', { name: 'To do' }).getByRole('article')).toContainText(title);

  // Mina moves the card on instance 1; Sam's page on instance 2 follows, without a reload.
  await mina.getByRole('button', { name: `Move ${title}` }).click();
  await mina.getByRole('menuitem', { name: 'Done' }).click();
  await expect(sam.getByRole('region', { name: 'Done' }).getByRole('article')).toContainText(title, { timeout: 5_000 });
  await expect(sam.getByText(`Mina Live moved “${title}” to Done.`)).toBeAttached();
  await expect(sam.getByRole('region', { name: 'Done' }).locator('.card-new')).toHaveCount(1);

  // A task Mina creates appears on Sam's board.
  const second = `Write the notes ${tag}`;
  await createViaApi(mina, board, second);
  await expect(sam.getByRole('region', { name: 'To do' }).getByRole('article')).toContainText(second, {
    timeout: 5_000,
  });
  // Sam, editing the task on its page, is told it changed, and keeps what he typed.
  await sam.getByRole('link', { name: second }).click();
  await waitForHydration(sam);
  await sam.getByLabel('Title').fill('Sam was typing this');
  await mina.reload();
  await waitForHydration(mina);
  await mina.getByRole('button', { name: `Move ${second}` }).click();
  await mina.getByRole('menuitem', { name: 'In review' }).click();
  await expect(sam.getByText('Mina Live changed this task.')).toBeVisible({ timeout: 5_000 });
  await expect(sam.getByRole('link', { name: 'Load the latest version' })).toBeVisible();
  await expect(sam.getByLabel('Title')).toHaveValue('Sam was typing this');

  // Mina's own page, which moved the card, shows it once and announces nothing about it.
  await expect(mina.getByRole('region', { name: 'Done' }).getByRole('article')).toHaveCount(1);
  expect(errors).toEqual([]);
  await minaContext.close();
  await samContext.close();
});
