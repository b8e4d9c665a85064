// HS256 bearer tokens. Claims: sub, tenant_id, permissions, exp.
import { SignJWT, jwtVerify, errors } from 'jose';
import { isPermission, type Permission } from './permissions.ts';
import { isUuid } from '../is-uuid.ts';

export interface AuthClaims {
  sub: string;
  tenantId: string;
  permissions: Permission[];
}

export class AuthError extends Error {}

export async function mintToken(secret: string, claims: AuthClaims, expiresIn: string | number = '12h'): Promise<string> {
  return new SignJWT({ tenant_id: claims.tenantId, permissions: claims.permissions })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export async function verifyToken(secret: string, token: string): Promise<AuthClaims> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    const tenantId = payload.tenant_id;
    const permissions = payload.permissions;
    if (!isUuid(tenantId)) throw new AuthError('token has no valid tenant_id claim');
    if (!Array.isArray(permissions) || !permissions.every(isPermission)) throw new AuthError('token has an invalid permissions claim');
    return { sub: payload.sub!, tenantId, permissions };
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof errors.JWTExpired) throw new AuthError('token expired');
    if (error instanceof errors.JOSEAlgNotAllowed) throw new AuthError('token algorithm not allowed (HS256 only)');
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new AuthError('token signature invalid');
    if (error instanceof errors.JWTClaimValidationFailed) throw new AuthError(`token claim invalid: ${error.message}`);
    throw new AuthError('token malformed');
  }
}

/** Settings that carry the claims into Postgres, where RLS policies and permission checks read them. */
export function pgSettingsFor(claims: AuthClaims): Record<string, string> {
  return {
    role: 'rcm_visitor',
    'jwt.claims.sub': claims.sub,
    'jwt.claims.tenant_id': claims.tenantId,
    'jwt.claims.permissions': claims.permissions.join(','),
  };
}
