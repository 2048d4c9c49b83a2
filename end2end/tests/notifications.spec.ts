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

async function moveTo(page: Page, title: string, column: string): Promise<void> {
  await page.getByRole('button', { name: `Move ${title}` }).click();
  await page.getByRole('menuitem', { name: column }).click();
  await expect(page.getByRole('region', { name: column }).getByRole('link', { name: title })).toBeVisible();
}

/**
 * A fixed-offset zone where it is about 03:00 now: far from the 08:00 when digests go out, so
 * the morning run (every minute) cannot send Ann one in the middle of the test, whatever the
 * time of day the test runs at. (`Etc/GMT-5` is UTC+5: the tz database's signs are inverted.)
 */
function zoneBeforeMorning(): string {
  let offset = (3 - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

test("Ben's move lands in Ann's inbox, and on daily digests she gets no single emails", async ({ browser }) => {
  const tag = randomUUID().slice(0, 6);
  const ann = await (await browser.newContext()).newPage();
  const { email: annEmail } = await signUpViaApi(ann, `Ann Lead ${tag}`, { timeZone: zoneBeforeMorning() });
  const ben = await (await browser.newContext()).newPage();
  const benName = `Ben Doer ${tag}`;
  const { email: benEmail } = await signUpViaApi(ben, benName);
  const board = await createBoardViaApi(ann, `Launch ${tag}`);
  addMemberInDatabase(board, benEmail);

  // Ann creates a task with Ben in charge.
  const title = `Print the posters ${tag}`;
  await ann.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(ann);
  await ann.getByLabel('Title').fill(title);
  await ann.getByLabel('Person in charge').selectOption({ label: benName });
  await ann.getByRole('button', { name: 'Create task' }).click();
  await expect(ann).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));

  // Ben moves it; Ann hears of it by email and in her inbox.
  await ben.goto(`/boards/${board}`);
  await waitForHydration(ben);
  await moveTo(ben, title, 'In progress');
  await expect.poll(async () => (await notificationsTo(ann, annEmail)).length, { timeout: 20_000 }).toBe(1);

  await ann.goto('/boards');
  const inboxLink = ann.getByRole('link', { name: /^Inbox/ });
  await expect(inboxLink).toHaveAccessibleName('Inbox 1 unread');
  await inboxLink.click();
  await expect(ann.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  const entries = ann.getByRole('listitem');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(`${benName} moved it from To do to In progress`);
  await expect(entries.first()).toHaveAttribute('data-unread', 'true');
  await ann.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(ann.getByRole('link', { name: /^Inbox/ })).toHaveAccessibleName('Inbox');
  await expect(ann.getByRole('listitem').first()).not.toHaveAttribute('data-unread', 'true');

  // Ann switches to a daily digest.
  await ann.goto('/account');
  await waitForHydration(ann);
  await ann.getByLabel('Emails').selectOption({ label: 'Daily digest' });
  await expect(ann.getByLabel('Deadline reminders')).toBeChecked();
  await ann.getByRole('button', { name: 'Save notification settings' }).click();
  await expect(ann.getByText('Notification settings saved.')).toBeVisible();
  await expect(ann.getByLabel('Emails')).toHaveValue('digest');

  // Ben's next changes: in her inbox, and no single emails.
  await moveTo(ben, title, 'In review');
  await moveTo(ben, title, 'Done');
  await expect
    .poll(
      async () => {
        await ann.goto('/inbox');
        return ann.getByRole('listitem').count();
      },
      { timeout: 20_000 },
    )
    .toBe(3);
  await expect(ann.getByRole('link', { name: /^Inbox/ })).toHaveAccessibleName('Inbox 2 unread');
  // Each instance sweeps every second: well past that, still only the first email.
  await ann.waitForTimeout(4_000);
  expect(await notificationsTo(ann, annEmail)).toHaveLength(1);
});
