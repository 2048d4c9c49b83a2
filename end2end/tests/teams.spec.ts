import { test, expect, type Browser } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { PASSWORD, collectErrors, linkInEmail, signUpViaApi, uniqueEmail, waitForHydration } from './helpers';

async function browserOf(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, errors: collectErrors(page), close: () => context.close() };
}

test('Ann makes a board and invites Ben, who joins from the email; strangers see nothing; removal ends access', async ({
  browser,
}) => {
  const tag = randomUUID().slice(0, 6);
  const boardName = `Launch ${tag}`;
  const ann = await browserOf(browser);
  const { email: annEmail } = await signUpViaApi(ann.page, `Ann Admin ${tag}`, { confirm: false });

  // Until Ann confirms her address every page says so; she confirms from the email.
  await ann.page.goto('/');
  await expect(ann.page).toHaveURL('/boards');
  await expect(ann.page.getByRole('button', { name: 'Resend confirmation email' })).toBeVisible();
  await ann.page.goto(await linkInEmail(ann.page, annEmail, '/verify-email?token='));
  await expect(ann.page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
  await ann.page.goto('/');
  await expect(ann.page.getByRole('button', { name: 'Resend confirmation email' })).toHaveCount(0);

  // She creates the board from her (empty) list of boards.
  await expect(ann.page).toHaveURL('/boards');
  await waitForHydration(ann.page);
  await ann.page.getByRole('link', { name: 'New board' }).click();
  await ann.page.getByLabel('Name').fill(boardName);
  await ann.page.getByRole('button', { name: 'Create board' }).click();
  await expect(ann.page.getByRole('heading', { name: boardName, level: 1 })).toBeVisible();
  const boardPath = new URL(ann.page.url()).pathname;

  // She invites Ben from the members page.
  await ann.page.getByRole('link', { name: 'Members' }).click();
  await expect(ann.page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
  await waitForHydration(ann.page);
  const benEmail = uniqueEmail('ben');
  await ann.page.getByLabel('Email').fill(benEmail);
  await ann.page.getByLabel('Role').selectOption({ label: 'Member' });
  await ann.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(ann.page.getByText('Invitation sent.')).toBeVisible();
  await expect(ann.page.getByRole('button', { name: `Revoke invitation for ${benEmail}` })).toBeVisible();

  // Ben opens the link in the email, signs up with the invited address and lands on the board.
  const ben = await browserOf(browser);
  const invitation = await linkInEmail(ben.page, benEmail, '/invite/');
  await ben.page.goto(invitation);
  await expect(ben.page.getByRole('heading', { name: `Join ${boardName}`, level: 1 })).toBeVisible();
  await expect(ben.page.getByText(benEmail)).toBeVisible();
  await waitForHydration(ben.page);
  await ben.page.getByLabel('Name').fill(`Ben Builder ${tag}`);
  await ben.page.getByLabel('Password').fill(PASSWORD);
  await ben.page.getByRole('button', { name: 'Sign up and join' }).click();
  await expect(ben.page).toHaveURL(boardPath);
  await expect(ben.page.getByRole('heading', { name: boardName, level: 1 })).toBeVisible();

  // Ben creates a task; Ann can put him in charge of hers.
  await waitForHydration(ben.page);
  await ben.page.getByRole('link', { name: 'New task' }).click();
  const title = `Book the venue ${tag}`;
  await ben.page.getByLabel('Title').fill(title);
  await ben.page.getByRole('button', { name: 'Create task' }).click();
  await expect(ben.page.getByRole('link', { name: title })).toBeVisible();
  await ben.page.getByRole('link', { name: title }).click();
  await expect(ben.page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const taskPath = new URL(ben.page.url()).pathname;

  // A stranger who signs up sees no board, and Ben's task does not exist for them.
  const stranger = await browserOf(browser);
  await signUpViaApi(stranger.page, `Sam Stranger ${tag}`, { confirm: false });
  await stranger.page.goto('/boards');
  await expect(stranger.page.getByText('You are not on any board yet')).toBeVisible();
  await expect(stranger.page.getByRole('link', { name: boardName })).toHaveCount(0);
  const response = await stranger.page.goto(taskPath);
  expect(response?.status()).toBe(404);
  await expect(stranger.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(stranger.page.getByText(title)).toHaveCount(0);

  // Ann removes Ben; his next request is refused.
  await ann.page.goto(`${boardPath}/members`);
  await waitForHydration(ann.page);
  await ann.page.getByRole('button', { name: `Remove Ben Builder ${tag}` }).click();
  await waitForHydration(ann.page);
  await ann.page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(ann.page.getByRole('button', { name: `Remove Ben Builder ${tag}` })).toHaveCount(0);
  // The board's activity tells the story.
  const activity = ann.page.getByRole('region', { name: 'Activity' });
  await expect(activity).toContainText(`Ann Admin ${tag} removed Ben Builder ${tag} from the board`);
  await expect(activity).toContainText(`Ben Builder ${tag} joined the board as Member`);
  const refused = await ben.page.goto(taskPath);
  expect(refused?.status()).toBe(404);
  expect((await ben.page.goto(boardPath))?.status()).toBe(404);

  // The 404 pages above are answers we asked for; anything else in the console is a fault.
  for (const who of [ann, ben, stranger]) {
    expect(who.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await who.close();
  }
});
