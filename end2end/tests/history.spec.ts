import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { addMemberInDatabase, collectErrors, createBoardViaApi, signUpViaApi, waitForHydration } from './helpers';

/** The SES stand-in of this test run (scripts/test.sh says where). */
const SES_URL = process.env.SES_URL ?? 'http://127.0.0.1:8005';

type StoredEmail = { subject: string; destination: { to: string[] }; body: { text: string; html: string } };

async function emailsTo(page: Page, address: string): Promise<StoredEmail[]> {
  const store = await (await page.request.get(`${SES_URL}/store`)).json();
  // Notifications only: not the confirmation email each sign-up gets.
  return (store.emails as StoredEmail[]).filter(
    (email) => email.destination.to.includes(address) && !email.subject.startsWith('Confirm your email'),
  );
}

test('an edit shows in the history and mails the person in charge a working link', async ({ browser }) => {
  const piaContext = await browser.newContext();
  const pia = await piaContext.newPage();
  // Unique names: other tests sign up people too, and the form picks the person in charge by name.
  const tag = randomUUID().slice(0, 6);
  const piaName = `Pia Pic ${tag}`;
  const { email: piaEmail } = await signUpViaApi(pia, piaName);

  const sophieContext = await browser.newContext();
  const sophie = await sophieContext.newPage();
  const errors = collectErrors(sophie);
  const { email: sophieEmail } = await signUpViaApi(sophie, 'Sophie Supervisor');
  const title = `Plan the offsite ${randomUUID().slice(0, 8)}`;

  // Sophie creates the task on her board with Pia in charge, then renames it on its page.
  const board = await createBoardViaApi(sophie, `Offsite ${tag}`);
  addMemberInDatabase(board, piaEmail);
  await sophie.goto(`/boards/${board}/tasks/new`);
  await waitForHydration(sophie);
  await sophie.getByLabel('Title').fill(title);
  await sophie.getByLabel('Person in charge').selectOption({ label: piaName });
  await sophie.getByRole('button', { name: 'Create task' }).click();
  await expect(sophie).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
  await sophie.getByRole('link', { name: title }).click();
  await waitForHydration(sophie);
  const renamed = `${title}, with dates`;
  await sophie.getByLabel('Title').fill(renamed);
  await sophie.getByRole('button', { name: 'Save changes' }).click();
  await expect(sophie.getByText('Saved.')).toBeVisible();

  const history = sophie.getByRole('region', { name: 'History' });
  const entries = history.getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText(`Sophie Supervisor renamed it from “${title}” to “${renamed}”`);
  await expect(entries.first()).toContainText('just now');
  await expect(entries.last()).toContainText('Sophie Supervisor created it');
  await expect(history).toContainText('Every entry matches the audit trail');

  // Pia's inbox: the rename, in words, with a link that opens the task.
  await expect.poll(async () => (await emailsTo(pia, piaEmail)).length, { timeout: 20_000 }).toBe(2);
  // Two separate emails (the creation and the rename are not one burst here): the stand-in's
  // store lists them as they were sent, which one sweep may do in either order.
  const renameEmail = (await emailsTo(pia, piaEmail)).find((email) => email.subject.includes('renamed it'))!;
  expect(renameEmail?.subject).toContain(`[Offsite ${tag}] Sophie Supervisor renamed it`);
  expect(renameEmail.body.text).toContain(`- Title: ${title} → ${renamed}`);
  const link = renameEmail.body.text.match(/https?:\/\/\S+\/tasks\/\d+/)?.[0];
  expect(link, renameEmail.body.text).toBeTruthy();
  await pia.goto(link!);
  await expect(pia.getByRole('heading', { name: renamed, level: 1 })).toBeVisible();

  // Sophie is never mailed about her own changes.
  expect(await emailsTo(sophie, sophieEmail)).toEqual([]);
  expect(errors).toEqual([]);
  await piaContext.close();
  await sophieContext.close();
});
