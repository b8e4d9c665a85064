// What operators paste is often the whole line `export TOKEN=...` or a header value: keep the JWT.
export function normaliseToken(raw: string): string | null {
  const text = raw.trim().replace(/^export\s+TOKEN=/i, '').replace(/^Authorization:\s*/i, '').replace(/^Bearer\s+/i, '').replace(/^['"]|['"]$/g, '').trim();
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text) ? text : null;
}
