import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { addMemberInDatabase, createBoardViaApi, signUpViaApi, SES_URL, waitForHydration } from './helpers';

type StoredEmail = { subject: string; destination: { to: string[] }; body: { text: string } };

/** Notification emails to `address` (not the confirmation each sign-up gets). */
async function notificationsTo(page: Page, address: string): Promise<StoredEmail[]> {
  const store = await (await page.request.get(`${SES_URL}/store`)).json();
  return (store.emails as StoredEmail[]).filter(
    (email) => email.destination.to.includes(address) && !email.subject.startsWith('Confirm your email'),
  );
}

/** Gives the page's account the handle `handle` on /account, as a person would. */
async function chooseHandle(page: Page, handle: string): Promise<void> {
  await page.goto('/account');
  await waitForHydration(page);
  await page.getByLabel('Handle').fill(handle);
  await page.getByRole('button', { name: 'Save handle' }).click();
  await expect(page.getByText('Your handle is saved.')).toBeVisible();
}

test('Ann mentions Ben in a comment; it reaches his inbox and email, and shows live on his open page', async ({
  browser,
}) => {
  const tag = randomUUID().slice(0, 6);
  const ann = await (await browser.newContext()).newPage();
  const annName = `Ann Lead ${tag}`;
  await signUpViaApi(ann, annName);
  const ben = await (await browser.newContext()).newPage();
  const { email: benEmail } = await signUpViaApi(ben, `Ben Doer ${tag}`);
  const board = await createBoardViaApi(ann, `Launch ${tag}`);
  addMemberInDatabase(board, benEmail);
  const handle = `ben${tag}`.toLowerCase();
  await chooseHandle(ben, handle);

  const title = `Check the budget ${tag}`;
  await ann.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(ann);
  await ann.getByLabel('Title').fill(title);
  await ann.getByRole('button', { name: 'Create task' }).click();
  await expect(ann).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
  await ann.getByRole('link', { name: title }).click();
  const taskUrl = ann.url();

  // Ben has the task open while Ann writes.
  await ben.goto(taskUrl);
  await waitForHydration(ben);
  await expect(ben.getByRole('region', { name: 'Comments' }).getByText('No comments yet.')).toBeVisible();

  await waitForHydration(ann);
  await ann.getByLabel('Comment', { exact: true }).fill(`@${handle} can you check the numbers?`);
  await ann.getByRole('button', { name: 'Add comment' }).click();
  const comments = ann.getByRole('region', { name: 'Comments' });
  await expect(comments.getByRole('listitem').first()).toContainText('can you check the numbers?');
  await expect(comments.getByRole('link', { name: `@${handle}` })).toBeVisible();

  // It appears on Ben's page without a reload, reaches his inbox and his email.
  await expect(ben.getByRole('region', { name: 'Comments' }).getByText('can you check the numbers?')).toBeVisible({
    timeout: 15_000,
  });
  await expect
    .poll(async () => (await notificationsTo(ben, benEmail)).map((email) => email.body.text).join('\n'), {
      timeout: 20_000,
    })
    .toContain('can you check the numbers?');
  await ben.goto('/inbox');
  await expect(ben.getByRole('listitem').first()).toContainText(`${annName} commented`);
});

test('Ann deletes a task and restores it from the trash, with its comment', async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await signUpViaApi(page, `Ann Lead ${tag}`);
  const board = await createBoardViaApi(page, `Launch ${tag}`);
  const title = `Book the venue ${tag}`;
  await page.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(page);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create task' }).click();
  await page.getByRole('link', { name: title }).click();
  await waitForHydration(page);
  await page.getByLabel('Comment', { exact: true }).fill('The hall is free on Friday.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByRole('region', { name: 'Comments' }).getByText('The hall is free on Friday.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete task' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(`/boards/${board}?trashed=1`);
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await page.getByRole('link', { name: 'Open the trash' }).click();

  await expect(page.getByRole('heading', { name: 'Trash', level: 1 })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole('button', { name: `Restore ${title}` }).click();
  await expect(page.getByText('The task is back on the board.')).toBeVisible();
  await page.getByRole('link', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Comments' }).getByText('The hall is free on Friday.')).toBeVisible();
  // The history comes from the audit trail, a moment behind: read the page again until it is in.
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await page.getByRole('region', { name: 'History' }).textContent()) ?? '';
      },
      { timeout: 20_000 },
    )
    .toMatch(/restored it from the trash[\s\S]*moved it to the trash/);
  await page.goto(`/boards/${board}`);
  await expect(page.getByRole('region', { name: 'To do' }).getByRole('link', { name: title })).toBeVisible();
});

test('Ben ticks two of three checklist items and the card shows 2/3', async ({ browser }) => {
  const tag = randomUUID().slice(0, 6);
  const ann = await (await browser.newContext()).newPage();
  await signUpViaApi(ann, `Ann Lead ${tag}`);
  const ben = await (await browser.newContext()).newPage();
  const benName = `Ben Doer ${tag}`;
  const { email: benEmail } = await signUpViaApi(ben, benName);
  const board = await createBoardViaApi(ann, `Launch ${tag}`);
  addMemberInDatabase(board, benEmail);

  const title = `Prepare the launch ${tag}`;
  await ann.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(ann);
  await ann.getByLabel('Title').fill(title);
  await ann.getByLabel('Person in charge').selectOption({ label: benName });
  await ann.getByRole('button', { name: 'Create task' }).click();
  await ann.getByRole('link', { name: title }).click();
  const taskUrl = ann.url();
  for (const item of ['Book the hall', 'Print posters', 'Send invitations']) {
    await waitForHydration(ann);
    await ann.getByLabel('New item').fill(item);
    await ann.getByRole('button', { name: 'Add item' }).click();
    await expect(ann.getByRole('checkbox', { name: item })).toBeVisible();
  }

  await ben.goto(taskUrl);
  await waitForHydration(ben);
  const checklist = ben.getByRole('region', { name: 'Checklist' });
  await checklist.getByRole('checkbox', { name: 'Book the hall' }).check();
  await expect(checklist.getByText('1 of 3 done')).toBeVisible();
  await checklist.getByRole('checkbox', { name: 'Print posters' }).check();
  await expect(checklist.getByText('2 of 3 done')).toBeVisible();
  // Ben may tick but not edit the list.
  await expect(ben.getByRole('button', { name: 'Add item' })).toHaveCount(0);

  await ann.goto(`/boards/${board}`);
  await expect(ann.getByRole('article').filter({ hasText: title })).toContainText('2/3');
  await ben.reload();
  await expect(ben.getByRole('checkbox', { name: 'Print posters' })).toBeChecked();
  await expect(ben.getByRole('checkbox', { name: 'Send invitations' })).not.toBeChecked();
});

test('Ann labels the task Urgent and filters the board by it', async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  await signUpViaApi(page, `Ann Lead ${tag}`);
  const board = await createBoardViaApi(page, `Launch ${tag}`);
  await page.goto(`/boards/${board}`);
  await page.getByRole('link', { name: 'Labels', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Labels', level: 1 })).toBeVisible();
  for (const [name, colour] of [
    ['Urgent', 'Red'],
    ['Later', 'Gray'],
  ]) {
    await waitForHydration(page);
    await page.getByLabel('Label name').fill(name);
    await page.getByLabel('Colour').selectOption({ label: colour });
    await page.getByRole('button', { name: 'Add label' }).click();
    await expect(page.getByRole('button', { name: `Delete label ${name}` })).toBeVisible();
  }

  const [urgent, calm] = [`Fix the sign-up ${tag}`, `Tidy the wiki ${tag}`];
  for (const title of [urgent, calm]) {
    await page.goto(`/boards/${board}/tasks/new`);
    await waitForHydration(page);
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Create task' }).click();
    await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
  }
  await page.getByRole('link', { name: urgent }).click();
  await waitForHydration(page);
  await page.getByRole('group', { name: 'Labels' }).getByRole('checkbox', { name: 'Urgent' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Labels' }).getByRole('checkbox', { name: 'Urgent' })).toBeChecked();

  await page.goto(`/boards/${board}`);
  await expect(page.getByRole('article').filter({ hasText: urgent }).getByRole('list', { name: 'Labels' })).toHaveText(
    'Urgent',
  );
  await page.getByLabel('Label', { exact: true }).selectOption({ label: 'Urgent' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/label=\d+/);
  await expect(page.getByRole('link', { name: urgent })).toBeVisible();
  await expect(page.getByRole('link', { name: calm })).toHaveCount(0);
});
