import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

test('Tia makes an API token on her account page, a script uses it, and revoking it ends that', async ({ page }) => {
  const errors = collectErrors(page);
  const tag = randomUUID().slice(0, 6);
  await signUpViaApi(page, `Tia Token ${tag}`);
  const board = await createBoardViaApi(page, `Scripts ${tag}`);

  await page.goto('/account');
  await waitForHydration(page);
  const section = page.getByRole('region', { name: 'API tokens' });
  await expect(section.getByText('No tokens yet.')).toBeVisible();

  // A name is needed: the message is beside the field.
  await section.getByRole('button', { name: 'Create token' }).click();
  await expect(section.getByText('Please give the token a name.')).toBeVisible();

  await section.getByLabel('Token name').fill('CI deploys');
  await section.getByLabel('Access').selectOption({ label: 'Read and write' });
  await section.getByRole('button', { name: 'Create token' }).click();
  await expect(section.getByText('Token “CI deploys” created. Copy it now: it is not shown again.')).toBeVisible();
  const secret = await section.getByLabel('New token').inputValue();
  expect(secret).toMatch(/^tbp_[A-Za-z0-9]{40}$/);

  // The script's request: the token, and the API answers as Tia.
  const headers = { authorization: `Bearer ${secret}` };
  const created = await page.request.post(`/api/v1/boards/${board}/tasks`, {
    headers,
    data: { title: `Deploy ${tag}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/boards/${board}`);
  await expect(page.getByRole('link', { name: `Deploy ${tag}` })).toBeVisible();

  // Shown once: back on the page it is listed, by name and first characters, never in full.
  await page.goto('/account');
  await waitForHydration(page);
  await expect(section.getByLabel('New token')).toHaveCount(0);
  await expect(section.getByText('CI deploys', { exact: true })).toBeVisible();
  await expect(section.getByText(new RegExp(`Read and write · starts ${secret.slice(0, 8)}…`))).toBeVisible();
  await expect(section.getByText(/Last used/)).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Revoked, it no longer works (the browser's own session cookie, sent along, does not count).
  // Asked first (a page state: no JavaScript needed), then revoked.
  await section.getByRole('button', { name: 'Revoke CI deploys' }).click();
  await expect(page.getByText('Revoke “CI deploys”? Scripts that use it stop working at once.')).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByText('Token revoked: it no longer works.')).toBeVisible();
  const refused = await page.request.get('/api/v1/boards', { headers });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
  await expect(section.getByText('No tokens yet.')).toBeVisible();
  // The one refused form (no name) is a 422 the console reports.
  expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
});
