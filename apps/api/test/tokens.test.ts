import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@bharatmart/core';
import { Tokens } from '../src/http/auth.js';

const user = { id: 'user-1', email: 'asha@example.in', name: 'Asha', role: 'customer' as const };
const encode = (secret: string) => new TextEncoder().encode(secret);

function tokensOver(secret: { value: string }, ttlSeconds = 60) {
  return new Tokens({
    key: async () => encode(secret.value),
    issuer: 'bharatmart',
    audience: 'bharatmart-api',
    ttlSeconds,
  });
}

async function refusal(check: Promise<unknown>): Promise<string | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

describe('Tokens', () => {
  it('verifies what it issued, again and again with the same key', async () => {
    const tokens = tokensOver({ value: 'first-secret-that-is-at-least-32-bytes-long' });
    const token = await tokens.issue(user);
    for (let i = 0; i < 3; i++) expect(await tokens.verify(token)).toEqual(user);
  });

  it('follows a rotated secret: old tokens are refused, new ones verify', async () => {
    const secret = { value: 'first-secret-that-is-at-least-32-bytes-long' };
    const tokens = tokensOver(secret);
    const before = await tokens.issue(user);
    expect(await tokens.verify(before)).toEqual(user);

    secret.value = 'second-secret-that-is-at-least-32-bytes-long';
    expect(await refusal(tokens.verify(before))).toBe('UNAUTHENTICATED');
    const after = await tokens.issue(user);
    expect(await tokens.verify(after)).toEqual(user);

    secret.value = 'first-secret-that-is-at-least-32-bytes-long';
    expect(await tokens.verify(before)).toEqual(user);
    expect(await refusal(tokens.verify(after))).toBe('UNAUTHENTICATED');
  });

  it('refuses a remembered token once it expires', async () => {
    const tokens = tokensOver({ value: 'first-secret-that-is-at-least-32-bytes-long' }, 1);
    const token = await tokens.issue(user);
    expect(await tokens.verify(token)).toEqual(user);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await refusal(tokens.verify(token))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key even after a valid one of the same user', async () => {
    const tokens = tokensOver({ value: 'first-secret-that-is-at-least-32-bytes-long' });
    const other = tokensOver({ value: 'other-secret-that-is-at-least-32-bytes-long' });
    expect(await tokens.verify(await tokens.issue(user))).toEqual(user);
    expect(await refusal(tokens.verify(await other.issue(user)))).toBe('UNAUTHENTICATED');
  });
});
