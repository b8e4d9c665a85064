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
