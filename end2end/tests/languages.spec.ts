import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
  SES_URL,
  addMemberInDatabase,
  collectErrors,
  createBoardViaApi,
  signUpViaApi,
  waitForHydration,
} from './helpers';

/** Tomorrow as the date field wants it (yyyy-mm-dd); a deadline in the future on any clock. */
function inTwoDays(): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
}

test.describe('a Korean browser', () => {
  test.use({ locale: 'ko-KR', extraHTTPHeaders: { 'Accept-Language': 'ko-KR,ko;q=0.9,en;q=0.5' } });

  test('gets the login page, the board, a task and the account page in Korean', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('button', { name: '로그인' })).toBeVisible();
    await expect(page.getByLabel('비밀번호')).toBeVisible();

    await signUpViaApi(page, '김민아');
    const title = `안내서 쓰기 ${randomUUID().slice(0, 6)}`;
    const board = await createBoardViaApi(page, '출시 준비');
    await page.goto(`/boards/${board}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    for (const name of ['할 일', '진행 중', '검토 중', '완료']) {
      await expect(page.getByRole('region', { name })).toBeVisible();
    }
    await page.getByRole('link', { name: '새 할 일' }).click();
    await page.getByLabel('제목').fill(title);
    await page.getByLabel('마감일').fill(inTwoDays());
    await page.getByRole('button', { name: '할 일 만들기' }).click();
    await expect(page).toHaveURL(new RegExp(`/boards/${board}\\?created=\\d+$`));
    await waitForHydration(page);

    // The Move menu, in Korean, and what it says when a card moves.
    const card = page.getByRole('article').filter({ hasText: title });
    await expect(card).toContainText('마감');
    await card.getByRole('button', { name: `${title} 옮기기` }).click();
    await page.getByRole('menuitem', { name: '진행 중' }).click();
    await expect(page.getByRole('region', { name: '진행 중' }).getByRole('article')).toContainText(title);
    await expect(page.getByText(`“${title}” 할 일을 진행 중 열로 옮겼습니다.`)).toBeAttached();

    // The task page: its fields, its history, and a server message beside its field.
    await page.getByRole('link', { name: title }).click();
    await waitForHydration(page);
    await expect(page.getByRole('button', { name: '변경 사항 저장' })).toBeVisible();
    const history = page.getByRole('region', { name: '기록' });
    await expect(history.getByRole('listitem').first()).toContainText('김민아님: 상태 변경 할 일 → 진행 중');
    await expect(history.getByRole('listitem').first()).toContainText('방금');
    await page.getByLabel('제목').fill('');
    await page.getByRole('button', { name: '변경 사항 저장' }).click();
    await expect(page.getByText('할 일의 제목을 입력해 주세요.')).toBeVisible();

    await page.goto('/account');
    await expect(page.getByRole('heading', { name: '내 계정' })).toBeVisible();
    await expect(page.getByLabel('언어')).toHaveValue('ko');
    await expect(page.getByLabel('시간대')).toBeVisible();
    await expect(page.getByRole('button', { name: '저장', exact: true })).toBeVisible();
    // The browser logs the refused save (422) as a failed load; that one was on purpose.
    expect(errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
  });
});

type StoredEmail = { subject: string; destination: { to: string[] }; body: { text: string; html: string } };

async function emailsTo(page: Page, address: string): Promise<StoredEmail[]> {
  const store = await (await page.request.get(`${SES_URL}/store`)).json();
  return (store.emails as StoredEmail[]).filter((email) => email.destination.to.includes(address));
}

/** Now on a Seoul clock, as the emails write it: "2026년 12월 2일" and "오전 3:". */
function seoulNow(): { day: string; hour: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      hour12: true,
    })
      .formatToParts(new Date())
      .map((part) => [part.type, part.value]),
  );
  const period = parts.dayPeriod === 'AM' ? '오전' : '오후';
  return { day: `${parts.year}년 ${parts.month}월 ${parts.day}일`, hour: `${period} ${parts.hour}:` };
}

test('someone who picks Korean gets Korean pages, and emails in Korean with times in Seoul', async ({
  page,
  browser,
}) => {
  const errors = collectErrors(page);
  const mina = await signUpViaApi(page, 'Mina Kim');
  await page.goto('/account');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption({ label: '한국어' });
  await page.getByLabel('Time zone').selectOption('Asia/Seoul');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByText('저장했습니다.')).toBeVisible();
  await expect(page.getByLabel('언어')).toHaveValue('ko');
  await expect(page.getByLabel('시간대')).toHaveValue('Asia/Seoul');

  // Mina's task on her board; Sam, an admin there, moves it, and Mina hears of it.
  const board = await createBoardViaApi(page, 'Launch');
  const title = `Write the guide ${randomUUID().slice(0, 6)}`;
  const created = await page.request.post('/api/create_task', {
    form: { board: String(board), request_id: randomUUID(), title, description: '', deadline: '', pic: '' },
    maxRedirects: 0,
  });
  const id = Number(created.headers()['location']?.match(/created=(\d+)/)?.[1]);
  expect(id, await created.text()).toBeGreaterThan(0);
  const samContext = await browser.newContext();
  const sam = await samContext.newPage();
  const samAccount = await signUpViaApi(sam, 'Sam Lee');
  addMemberInDatabase(board, samAccount.email, 'admin');
  const moved = await sam.request.post('/api/move_task', {
    form: { id: String(id), version: '1', status: 'in_progress' },
  });
  expect(moved.status(), await moved.text()).toBe(200);

  await expect.poll(async () => (await emailsTo(page, mina.email)).length, { timeout: 20_000 }).toBeGreaterThan(1);
  const email = (await emailsTo(page, mina.email)).find((e) => e.body.text.includes(title))!;
  expect(email.subject).toBe(`[Launch] ${title} — Sam Lee님: 상태 변경 할 일 → 진행 중`);
  expect(email.body.text).toContain('Mina Kim님, 안녕하세요.');
  const now = seoulNow();
  expect(email.body.text).toContain(`시각: ${now.day}`);
  expect(email.body.text).toContain(now.hour);
  expect(email.body.text).toContain('- 상태: 할 일 → 진행 중');
  await samContext.close();
  expect(errors).toEqual([]);
});
