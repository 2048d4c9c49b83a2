import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

const csv = (text: string) => ({ name: 'tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

test('Ann imports a CSV file: a bad row is shown beside its problem, then every row becomes a card', async ({ page }) => {
  const errors = collectErrors(page);
  const tag = randomUUID().slice(0, 6);
  await signUpViaApi(page, `Ann Admin ${tag}`);
  const board = await createBoardViaApi(page, `Import ${tag}`);
  await page.goto(`/boards/${board}`);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Import tasks' })).toBeVisible();

  // A file with no title column is refused as a whole, beside the field.
  await page.getByLabel('CSV file').setInputFiles(csv('name\nx\n'));
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByText('The first line must name the columns')).toBeVisible();
  await expect(page.getByLabel('CSV file')).toHaveAttribute('aria-invalid', 'true');

  // A row without a title: the preview names it, and there is nothing to press.
  await page.getByLabel('CSV file').setInputFiles(csv(`title,status\nWrite the plan ${tag},In progress\n,Done\n`));
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('heading', { name: 'Import preview: tasks.csv' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('1 row has a problem');
  const badRow = page.getByRole('row').filter({ hasText: 'Title: Give the task a title.' });
  await expect(badRow.getByRole('rowheader')).toHaveText('3');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  // Fixed: both rows import, at the top of their columns.
  await page.getByRole('link', { name: 'Upload another file' }).click();
  await page.getByLabel('CSV file').setInputFiles(csv(`title,status\nWrite the plan ${tag},In progress\nShip it ${tag},\n`));
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByText('2 rows are ready')).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Import 2 tasks' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 tasks.' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?imported=2$`));
  const inProgress = page.getByRole('region', { name: 'In progress', exact: true });
  await expect(inProgress.getByRole('link', { name: `Write the plan ${tag}` })).toBeVisible();
  const todo = page.getByRole('region', { name: 'To do', exact: true });
  await expect(todo.getByRole('link', { name: `Ship it ${tag}` })).toBeVisible();
  expect(errors).toEqual([]);
});
