// The permissions a token can carry. Shared by the server (SQL checks name the same strings) and the console,
// which must not import server code.
export const PERMISSIONS = [
  'claims.read',
  'claims.write',
  'ingestion.read',
  'ingestion.update',
  'eligibility.read',
  'eligibility.update',
  'reports.read',
  'reports.write',
  'admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
