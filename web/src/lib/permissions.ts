// The permissions a token carries (DESIGN.md), and why an action is disabled when one is missing.
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

/** null when allowed; otherwise the sentence shown beside the disabled control. */
export function missingPermissionReason(granted: readonly string[], needed: Permission, action?: string): string | null {
  if (granted.includes(needed)) return null;
  return `${action ? `${action} needs` : 'Needs'} the ${needed} permission, which your token does not carry.`;
}
