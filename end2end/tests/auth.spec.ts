import { test, expect } from '@playwright/test';
import { PASSWORD, collectErrors, signUpViaApi, uniqueEmail, waitForHydration } from './helpers';

test('sign up, see your name, log out, get sent to login, log in again', async ({ page }) => {
  const errors = collectErrors(page);
  const email = uniqueEmail('mina');

  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Name').fill('김민아');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();

  // A new account is on no board yet: it lands on the list of boards.
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.getByRole('heading', { name: 'Boards', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('김민아');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0);

  // A protected page now sends us to the login page, which brings us back afterwards.
  await page.goto('/boards?from=bookmark');
  await expect(page).toHaveURL(/\/login\?next=/);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/boards\?from=bookmark$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('김민아');
  expect(errors).toEqual([]);
});

test('a wrong password shows the message and logs nobody in', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid email or password.');
  await expect(page).toHaveURL(/\/login$/);
});

test('a field error shows next to its field', async ({ page }) => {
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Name').fill('Sam Short');
  await page.getByLabel('Email').fill(uniqueEmail('sam'));
  await page.getByLabel('Password').fill('too short');
  await page.getByRole('button', { name: 'Sign up' }).click();

  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Use at least 10 characters\./);
  await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/signup$/);
});

test('forgot password answers without saying whether the account exists', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address');
});

test('a bad reset link says so and offers a new one', async ({ page }) => {
  await page.goto('/reset-password?token=not-a-real-token');
  await expect(page.getByRole('alert')).toContainText('This reset link is invalid, used or expired.');
  await expect(page.getByRole('link', { name: 'Ask for a new one' })).toHaveAttribute('href', '/forgot-password');
});

test('with JavaScript off the forms still work: log out, log in, create a board and a task', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { email } = await signUpViaApi(page, 'Jo Noscript');

  // Each form posts to its server fn, which answers a plain form with a redirect.
  await page.goto('/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/boards$/);

  await page.getByRole('link', { name: 'New board' }).click();
  await page.getByLabel('Name').fill('Scriptless');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page).toHaveURL(/\/boards\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Scriptless', level: 1 })).toBeVisible();

  await page.getByRole('link', { name: 'New task' }).click();
  const title = `Written without scripts ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page).toHaveURL(/\/boards\/\d+\?created=\d+$/);
  await expect(page.getByRole('region', { name: 'To do', exact: true }).getByRole('link', { name: title })).toBeVisible();
  // `/` now opens this board.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Scriptless', level: 1 })).toBeVisible();
  await context.close();
});
