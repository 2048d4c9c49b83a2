import { test, expect } from '@playwright/test';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

type Received = { headers: IncomingHttpHeaders; body: string };

test('Ann adds a webhook and each change on her board reaches it, signed', async ({ page }) => {
  const received: Received[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/taskboard`;
  try {
    const errors = collectErrors(page);
    const tag = randomUUID().slice(0, 6);
    await signUpViaApi(page, `Ann Admin ${tag}`);
    const board = await createBoardViaApi(page, `Hooks ${tag}`);
    await page.goto(`/boards/${board}`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
    await waitForHydration(page);

    // A URL that is not one: the message is beside the field.
    await page.getByLabel('URL').fill('ftp://files.example.com/');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByText('Webhooks use https:// addresses.')).toBeVisible();

    await page.getByLabel('URL').fill(url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByText("Webhook added: this board's next changes go to it.")).toBeVisible();
    const secret = await page.getByLabel(`Signing secret for ${url}`).inputValue();
    expect(secret).toMatch(/^whsec_/);

    // A new task: the receiver gets the event, signed with that secret.
    const created = await page.request.post('/api/create_task', {
      form: { board: String(board), request_id: randomUUID(), title: `Hooked ${tag}`, description: '', deadline: '', pic: '' },
      maxRedirects: 0,
    });
    expect(created.status(), await created.text()).toBeLessThan(400);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [delivery] = received;
    const event = JSON.parse(delivery.body);
    expect(event.kind).toBe('created');
    expect(event.task.title).toBe(`Hooked ${tag}`);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['taskboard-signature']))!;
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));

    // The page says how it went; deleting it ends the deliveries.
    await page.reload();
    await expect(page.getByText(/answered 204/)).toBeVisible();
    await waitForHydration(page);
    await page.getByRole('button', { name: `Delete webhook ${url}` }).click();
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Delete webhook', exact: true }).click();
    await expect(page.getByText('Webhook deleted.')).toBeVisible();
    await expect(page.getByText('No webhooks yet.')).toBeVisible();
    // The one refused form (ftp://) is a 422 the console reports.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  } finally {
    receiver.close();
  }
});
