// Who is signed in: the tenant, the user and the permissions, read from the server with the token.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../graphql.ts';
import { gqlRequest } from '../api/client.ts';
import { missingPermissionReason, type Permission } from '../lib/permissions.ts';
import { onTokenChange, readToken, writeToken } from './token-store.ts';

export const SessionQuery = graphql(`
  query Session {
    currentUserId
    currentPermissions
    currentTenant { rowId slug name }
  }
`);

export interface Session {
  token: string;
  userId: string;
  tenant: { rowId: string; slug: string; name: string };
  permissions: string[];
  can: (permission: Permission) => boolean;
  reasonFor: (permission: Permission, action?: string) => string | null;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useToken(): string | null {
  const [token, setToken] = useState(readToken);
  useEffect(() => onTokenChange(setToken), []);
  return token;
}

export function SessionProvider({ token, children, fallback }: { token: string; children: ReactNode; fallback: (state: { loading: boolean; error: unknown }) => ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['session', token], queryFn: () => gqlRequest(SessionQuery, {}, { token }), retry: false, staleTime: 60_000 });
  if (!query.data || !query.data.currentTenant) return <>{fallback({ loading: query.isPending, error: query.error ?? (query.data ? new Error('the token names no tenant') : null) })}</>;
  const permissions = (query.data.currentPermissions ?? []).filter((p): p is string => typeof p === 'string');
  const session: Session = {
    token,
    userId: query.data.currentUserId ?? 'unknown',
    tenant: query.data.currentTenant,
    permissions,
    can: (permission) => permissions.includes(permission),
    reasonFor: (permission, action) => missingPermissionReason(permissions, permission, action),
    signOut: () => {
      writeToken(null);
      queryClient.clear();
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
