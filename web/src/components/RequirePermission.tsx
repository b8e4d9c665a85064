// A page whose rows the token may not read says so, instead of an empty list that looks like
// "nothing there" (RLS hides the rows silently; docs/security.md: read permission per table).
import type { ReactNode } from 'react';
import { Alert } from '@mantine/core';
import { useSession } from '../auth/session.tsx';
import type { Permission } from '../lib/permissions.ts';

export function RequirePermission({ permission, what, children }: { permission: Permission; what: string; children: ReactNode }) {
  const reason = useSession().reasonFor(permission, what);
  if (reason) return <Alert color="gray" title="Not available with this token" data-testid="needs-permission">{reason}</Alert>;
  return <>{children}</>;
}
