import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test('on a phone the board shows a column at a time, folds its header and filters, and has big targets', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signUpViaApi(page, 'Pat Phone');
  const board = await createBoardViaApi(page, 'Pocket');
  const title = `Pack the bags ${randomUUID().slice(0, 6)}`;
  const created = await page.request.post('/api/create_task', {
    form: { board: String(board), request_id: randomUUID(), title, description: '', deadline: '', pic: '' },
    maxRedirects: 0,
  });
  expect(created.status(), await created.text()).toBeLessThan(400);
  await page.goto(`/boards/${board}`);
  await waitForHydration(page);

  // One column in view; the switcher brings another one in.
  const todo = page.getByRole('region', { name: 'To do' });
  const inReview = page.getByRole('region', { name: 'In review' });
  await expect(todo).toBeInViewport({ ratio: 0.8 });
  await expect(inReview).not.toBeInViewport();
  await page.getByRole('navigation', { name: 'Columns' }).getByRole('link', { name: 'In review' }).click();
  await expect(inReview).toBeInViewport({ ratio: 0.8 });
  await expect(todo).not.toBeInViewport({ ratio: 0.5 });

  // The header's menu and the filters fold away until asked for.
  await expect(page.getByRole('button', { name: 'Log out' })).toBeHidden();
  await page.locator('summary', { hasText: 'Menu' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Filter tasks' })).toBeHidden();
  await page.locator('summary', { hasText: 'Filters' }).click();
  await expect(page.getByRole('search', { name: 'Filter tasks' })).toBeVisible();

  // The Move menu is the way to move a card here, and its targets are at least 44 px.
  await page.getByRole('navigation', { name: 'Columns' }).getByRole('link', { name: 'To do' }).click();
  const move = page.getByRole('button', { name: `Move ${title}` });
  expect((await move.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await move.click();
  const target = page.getByRole('menuitem', { name: 'Done' });
  expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await target.click();
  await expect(page.getByRole('region', { name: 'Done' }).getByRole('article')).toContainText(title);
  expect(errors).toEqual([]);
});
