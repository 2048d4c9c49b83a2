import { test, expect, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { addMemberInDatabase, collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

/** A title no other test uses, so each test can look at its own tasks through the search filter. */
function uniqueTitle(what: string): string {
  return `${what} ${randomUUID().slice(0, 8)}`;
}

/** A browser of its own for one person, logged in. */
async function person(
  browser: Browser,
  name: string,
): Promise<{ page: Page; email: string; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  const { email } = await signUpViaApi(page, name);
  return { page, email, errors, close: () => context.close() };
}

/** Creates a task on board `board` through the server fn, as the form does, and returns its id. */
async function createViaApi(page: Page, board: number, title: string): Promise<number> {
  const response = await page.request.post('/api/create_task', {
    form: { board: String(board), request_id: randomUUID(), title, description: '', deadline: '', pic: '' },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBeLessThan(400);
  return taskId(page, board, title);
}

/** A task's id, read from the link on its card (titles here are plain text, no escaping). */
async function taskId(page: Page, board: number, title: string): Promise<number> {
  const html = await (await page.request.get(`/boards/${board}?q=${encodeURIComponent(title)}`)).text();
  const match = html.match(new RegExp(`href="/tasks/(\\d+)"[^>]*>${title}<`));
  if (!match) throw new Error(`no card for ${title}`);
  return Number(match[1]);
}

function column(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

/** Board `board` narrowed to one task by the search filter, hydrated. */
async function boardFor(page: Page, board: number, title: string): Promise<void> {
  await page.goto(`/boards/${board}?q=${encodeURIComponent(title)}`);
  await waitForHydration(page);
}

test('create a task; its person in charge moves it by menu and by dragging; the supervisor edits and deletes it', async ({
  browser,
}) => {
  // Names unique to this run of the test: other tests sign up people too, and the form picks
  // the person in charge by name.
  const tag = randomUUID().slice(0, 6);
  const piaName = `Pia Pic ${tag}`;
  const pia = await person(browser, piaName);
  const sophie = await person(browser, `Sophie Supervisor ${tag}`);
  const otto = await person(browser, `Otto Other ${tag}`);
  const title = uniqueTitle('Write the launch plan');

  // Sophie creates a board for the three of them…
  await sophie.page.goto('/boards/new');
  await waitForHydration(sophie.page);
  await sophie.page.getByLabel('Name').fill(`Launch ${tag}`);
  await sophie.page.getByRole('button', { name: 'Create board' }).click();
  await expect(sophie.page).toHaveURL(/\/boards\/\d+$/);
  const board = Number(sophie.page.url().match(/\/boards\/(\d+)$/)![1]);
  await expect(sophie.page.getByRole('heading', { name: `Launch ${tag}`, level: 1 })).toBeVisible();
  for (const member of [pia, otto]) addMemberInDatabase(board, member.email);

  // …and the task, with the form.
  await waitForHydration(sophie.page);
  await sophie.page.getByRole('link', { name: 'New task' }).click();
  await expect(sophie.page).toHaveURL(`/boards/${board}/tasks/new`);
  await sophie.page.getByLabel('Title').fill(title);
  await sophie.page.getByLabel('Description').fill('Dates, owners\nand the announcement.');
  await sophie.page.getByLabel('Deadline').fill('2099-06-30');
  await sophie.page.getByLabel('Person in charge').selectOption({ label: piaName });
  await sophie.page.getByRole('button', { name: 'Create task' }).click();
  await expect(sophie.page).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
  // The new card is at the top of To do, marked as the one just created.
  const created = column(sophie.page, 'To do').getByRole('article').first();
  await expect(created).toContainText(title);
  await expect(created).toHaveAttribute('aria-current', 'true');
  await expect(created).toContainText(`PIC: ${piaName}`);
  await expect(created).toContainText('Due Jun 30, 2099');

  // Pia moves it with the Move menu…
  await boardFor(pia.page, board, title);
  await pia.page.getByRole('button', { name: `Move ${title}` }).click();
  const menu = pia.page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['In progress', 'In review', 'Done']);
  await menu.getByRole('menuitem', { name: 'In progress' }).click();
  await expect(column(pia.page, 'In progress').getByRole('link', { name: title })).toBeVisible();
  await expect(pia.page.getByRole('status').filter({ hasText: 'Moved' })).toHaveText(`Moved “${title}” to In progress.`);

  // …and by dragging it to Done.
  const card = column(pia.page, 'In progress').getByRole('listitem').filter({ hasText: title });
  await card.dragTo(column(pia.page, 'Done'));
  await expect(column(pia.page, 'Done').getByRole('link', { name: title })).toBeVisible();
  await expect(pia.page.getByRole('status').filter({ hasText: 'Moved' })).toHaveText(`Moved “${title}” to Done.`);
  await pia.page.reload();
  await expect(column(pia.page, 'Done').getByRole('link', { name: title })).toBeVisible();

  // Pia may change the status on the task page, not the other fields.
  await pia.page.getByRole('link', { name: title }).click();
  await expect(pia.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(pia.page.getByLabel('Status')).toBeVisible();
  await expect(pia.page.getByLabel('Title')).toHaveCount(0);
  await expect(pia.page.getByRole('button', { name: 'Delete task' })).toHaveCount(0);

  // Otto only reads.
  const id = await taskId(sophie.page, board, title);
  await otto.page.goto(`/tasks/${id}`);
  await waitForHydration(otto.page);
  await expect(otto.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(otto.page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  await expect(otto.page.getByRole('button', { name: 'Delete task' })).toHaveCount(0);
  await boardFor(otto.page, board, title);
  await expect(otto.page.getByRole('button', { name: `Move ${title}` })).toHaveCount(0);

  // Sophie edits it…
  await sophie.page.goto(`/tasks/${id}`);
  await waitForHydration(sophie.page);
  const renamed = `${title} v2`;
  await sophie.page.getByLabel('Title').fill(renamed);
  await sophie.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(sophie.page.getByText('Saved.')).toBeVisible();
  await expect(sophie.page.getByRole('heading', { name: renamed, level: 1 })).toBeVisible();

  // …and deletes it, after confirming.
  await sophie.page.getByRole('button', { name: 'Delete task' }).click();
  await sophie.page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(sophie.page).toHaveURL(`/boards/${board}?trashed=1`);
  await boardFor(sophie.page, board, title);
  await expect(sophie.page.getByText('No tasks match these filters.')).toBeVisible();

  for (const who of [pia, sophie, otto]) {
    expect(who.errors).toEqual([]);
    await who.close();
  }
});

test('a field error is shown beside its field and nothing is created', async ({ page }) => {
  await signUpViaApi(page, 'Fiona Fields');
  const board = await createBoardViaApi(page, 'Fiona’s board');
  await page.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(page);
  await page.getByLabel('Deadline').fill('2020-01-01');
  await page.getByRole('button', { name: 'Create task' }).click();
  const title = page.getByLabel('Title');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(title).toHaveAccessibleDescription('Give the task a title.');
  await expect(page.getByLabel('Deadline')).toHaveAccessibleDescription(/Optional\. A new task's deadline cannot be in the past\./);
  await expect(page).toHaveURL(`/boards/${board}/tasks/new`);
});

test('the board works by keyboard alone', async ({ page }) => {
  await signUpViaApi(page, 'Kim Keys');
  const board = await createBoardViaApi(page, 'Keys');
  const title = uniqueTitle('Keyboard task');
  await createViaApi(page, board, title);
  await boardFor(page, board, title);

  // Tab from the search box to the card's Move button.
  await page.getByLabel('Search titles').focus();
  const moveButton = page.getByRole('button', { name: `Move ${title}` });
  for (let i = 0; i < 30; i++) {
    if (await moveButton.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(moveButton).toBeFocused();

  // Enter opens the menu on its first item; arrows move; Escape closes and returns.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'In progress' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(moveButton).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'In progress' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'In review' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(column(page, 'In review').getByRole('link', { name: title })).toBeVisible();
  // Focus follows the card to its new column, so the next move is one key away.
  await expect(column(page, 'In review').getByRole('button', { name: `Move ${title}` })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Moved' })).toHaveText(`Moved “${title}” to In review.`);
});

test('a move refused because someone else changed the task puts the card back and says who', async ({ browser }) => {
  const sophie = await person(browser, 'Sophie Second');
  const board = await createBoardViaApi(sophie.page, 'Contested');
  const title = uniqueTitle('Contested task');
  const id = await createViaApi(sophie.page, board, title);
  // This tab does not follow the board live (its stream is cut), so it keeps the old version:
  // the same as a change that lands just as the card is moved, before the page hears of it.
  await sophie.page.route('**/boards/*/live', (route) => route.abort());
  await boardFor(sophie.page, board, title);

  // Meanwhile, in another tab, the same task moves on (version 1 → 2).
  const other = await sophie.page.context().newPage();
  await other.goto(`/tasks/${id}`);
  await waitForHydration(other);
  await other.getByLabel('Status').selectOption({ label: 'Done' });
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByText('Saved.')).toBeVisible();

  // The first tab still has version 1.
  await sophie.page.getByRole('button', { name: `Move ${title}` }).click();
  await sophie.page.getByRole('menuitem', { name: 'In progress' }).click();
  await expect(sophie.page.getByRole('alert').filter({ hasText: 'was not moved' })).toContainText(
    'Sophie Second changed this task while you were working on it',
  );
  // The board is loaded again and shows where the task really is.
  await expect(column(sophie.page, 'Done').getByRole('link', { name: title })).toBeVisible();
  await expect(column(sophie.page, 'In progress').getByRole('link', { name: title })).toHaveCount(0);
  await sophie.close();
});
