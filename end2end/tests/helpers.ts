import { expect, type Page } from '@playwright/test';

/** Passes every password rule. */
export const PASSWORD = 'violet tugboat orbit';

/** An email nobody in this run has used yet. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Creates an account through the server fn (quicker than the form) and logs the page's browser in. */
export async function signUpViaApi(page: Page, name: string): Promise<{ name: string; email: string }> {
  const email = uniqueEmail(name.split(' ')[0].toLowerCase());
  const response = await page.request.post('/api/sign_up', {
    form: { name, email, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(response.headers()['location']).toBe('/');
  return { name, email };
}

/** Collects console errors and uncaught exceptions (a hydration mismatch shows up here). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Waits until the WASM has hydrated the page (an effect sets this). */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated="true"]')).toHaveCount(1);
}
