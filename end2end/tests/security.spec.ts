import { test, expect } from '@playwright/test';
import { collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

// A task title that closes <title> and opens a meta refresh sent everyone who opened the task to
// another site (leptos_meta wrote the title into the head unescaped; CSP stops scripts, not a
// refresh). Typed as an attacker would, then opened: the page must stay where it is.
test('a task title cannot send its viewers elsewhere', async ({ page }) => {
  const stamp = `${Date.now()}`;
  const attack = `</title><meta http-equiv="refresh" content="0;url=https://evil.example/">${stamp}`;
  const leftTheSite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(BASE_URL)) leftTheSite.push(request.url());
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().includes('evil.example')) leftTheSite.push(frame.url());
  });
  const errors = collectErrors(page);
  await signUpViaApi(page, 'Mallory Attacker');
  const board = await createBoardViaApi(page, 'Mallory’s board');

  await page.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(page);
  await page.getByLabel('Title').fill(attack);
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
  await waitForHydration(page);
  await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));

  await page.getByRole('link', { name: attack }).click();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  // The refresh would fire as soon as the head is parsed, long before the page's WASM hydrates.
  await waitForHydration(page);
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  await expect(page).toHaveTitle(`${attack} · Taskboard`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(attack);
  expect(leftTheSite).toEqual([]);
  expect(errors).toEqual([]);
});
