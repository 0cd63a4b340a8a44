import type { Page } from 'playwright-core';
import { createUserWithRole, PASSWORD } from './access-fixtures';
import type { TRole } from '../../lib/access/permissions/roles';

/** A user of `organizationId` (owner by default) with the fixtures' password. */
export function createTestUser(email: string, organizationId: number, role: TRole = 'owner', grants: number[] = []) {
  return createUserWithRole(email, organizationId, role, grants);
}

/** Signs in through the login page and waits for the dashboard. */
export async function signInAs(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
