import { test, expect, type Page } from '@playwright/test';
import { PASSWORD, signUpViaApi } from './helpers';

/**
 * How light the page's background is, 0 (black) to 1 (white): the lightness of its computed
 * colour, which Chromium reports as lab() or oklch() (the stylesheet's colours) or rgb().
 */
async function backgroundLightness(page: Page): Promise<number> {
  const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const perceptual = colour.match(/^(ok)?l(ab|ch)\(([\d.]+)(%?)/);
  if (perceptual) return Number(perceptual[3]) / (perceptual[4] || !perceptual[1] ? 100 : 1);
  const rgb = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}

test.describe('a browser set to dark', () => {
  test.use({ colorScheme: 'dark' });

  test('gets the dark theme, and the toggle is remembered across reloads', async ({ page }) => {
    await page.goto('/login');
    expect(await backgroundLightness(page)).toBeLessThan(0.3);
    // Only the button that switches away from the theme in effect shows.
    await expect(page.getByRole('button', { name: 'Dark theme' })).toBeHidden();
    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveClass('light');
    expect(await backgroundLightness(page)).toBeGreaterThan(0.8);
    await page.reload();
    expect(await backgroundLightness(page)).toBeGreaterThan(0.8);
    await expect(page.getByRole('button', { name: 'Dark theme' })).toBeVisible();
  });
});

test('an account keeps its theme in every browser it logs in from', async ({ page, browser }) => {
  const mina = await signUpViaApi(page, 'Mina Theme');
  await page.goto('/boards');
  expect(await backgroundLightness(page)).toBeGreaterThan(0.8);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page).toHaveURL(/\/boards$/);
  await expect(page.locator('html')).toHaveClass('dark');
  expect(await backgroundLightness(page)).toBeLessThan(0.3);
  await page.reload();
  await expect(page.locator('html')).toHaveClass('dark');

  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto('/login');
  await other.getByLabel('Email').fill(mina.email);
  await other.getByLabel('Password').fill(PASSWORD);
  await other.getByRole('button', { name: 'Log in' }).click();
  await expect(other).not.toHaveURL(/\/login/);
  await expect(other.locator('html')).toHaveClass('dark');
  expect(await backgroundLightness(other)).toBeLessThan(0.3);
  await elsewhere.close();
});
