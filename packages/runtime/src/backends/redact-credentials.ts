const SCHEME = /^\s*[a-z][a-z0-9+.-]*:\/\//i;
/** Query parameters that carry credentials in the connection URLs of our drivers. */
const SECRET_PARAMETER = /([?&;][^=&;#]*(?:pass|pwd|secret|token|key|auth|credential)[^=&;#]*=)[^&;#]*/gi;

/**
 * A credential-bearing value with every credential masked: the password of each `user:password@`
 * (the last `@` ends it, so an unencoded `@` in a password hides the whole password), credential query
 * parameters (`?password=…`, `sslpassword`, `token`, …), and each entry of a comma-separated server
 * list without a scheme (`user:pass@host:11211,host2:11211`). When in doubt it masks more, never less.
 */
export function redactCredential(value: string): string {
  if (SCHEME.test(value)) return redactEntry(value);
  return value.split(',').map(redactEntry).join(',');
}

function redactEntry(entry: string): string {
  const scheme = SCHEME.exec(entry)?.[0] ?? '';
  const rest = entry.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  const masked = at > 0 && colon >= 0 && colon < at ? `${rest.slice(0, colon)}:***${rest.slice(at)}` : rest;
  return scheme + masked.replace(SECRET_PARAMETER, '$1***');
}
