// The permissions a token carries (DESIGN.md), and why an action is disabled when one is missing.
import type { Permission } from '../../../shared/permissions.ts';

export { PERMISSIONS, type Permission } from '../../../shared/permissions.ts';

/** null when allowed; otherwise the sentence shown beside the disabled control. */
export function missingPermissionReason(granted: readonly string[], needed: Permission, action?: string): string | null {
  // As in SQL (core.has_permission), admin holds every permission.
  if (granted.includes(needed) || granted.includes('admin')) return null;
  return `${action ? `${action} needs` : 'Needs'} the ${needed} permission, which your token does not carry.`;
}
