// HS256 bearer tokens. Claims: sub, tenant_id, permissions, iat, exp (and iss/aud when configured).
import { SignJWT, jwtVerify, errors } from 'jose';
import { config } from '../config.ts';
import { isPermission, type Permission } from '../../shared/permissions.ts';
import { isUuid } from '../is-uuid.ts';

/** What a token must satisfy beyond its signature (docs/security.md): JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_LIFETIME_SECONDS. */
export interface TokenPolicy {
  issuer?: string;
  audience?: string;
  maxLifetimeSeconds: number;
}

export function configuredTokenPolicy(): TokenPolicy {
  return { issuer: config.jwtIssuer, audience: config.jwtAudience, maxLifetimeSeconds: config.jwtMaxLifetimeSeconds };
}

export interface AuthClaims {
  sub: string;
  tenantId: string;
  permissions: Permission[];
}

export class AuthError extends Error {}

export async function mintToken(secret: string, claims: AuthClaims, expiresIn: string | number = '12h', policy: TokenPolicy = configuredTokenPolicy()): Promise<string> {
  const jwt = new SignJWT({ tenant_id: claims.tenantId, permissions: claims.permissions })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn);
  if (policy.issuer) jwt.setIssuer(policy.issuer);
  if (policy.audience) jwt.setAudience(policy.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

export async function verifyToken(secret: string, token: string, policy: TokenPolicy = configuredTokenPolicy()): Promise<AuthClaims> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      issuer: policy.issuer,
      audience: policy.audience,
    });
    // A stolen long-lived token is the risk: cap what a token may claim, not only what it has left.
    // Without iat the lifetime counts from now.
    if (payload.exp! - (payload.iat ?? Math.floor(Date.now() / 1000)) > policy.maxLifetimeSeconds) {
      throw new AuthError(`token lifetime (exp - iat) is longer than the maximum of ${policy.maxLifetimeSeconds} s`);
    }
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

/**
 * Settings of every API request's transaction: the role, the time limits (a role-level setting would
 * not apply: requests run as rcm_visitor through SET ROLE), and the claims that RLS policies and
 * permission checks read.
 */
export function pgSettingsFor(claims: AuthClaims | undefined): Record<string, string> {
  const base = {
    role: 'rcm_visitor',
    statement_timeout: String(config.apiStatementTimeoutMs),
    idle_in_transaction_session_timeout: String(config.apiIdleInTransactionTimeoutMs),
  };
  // Without claims the visitor sees nothing: every policy needs a tenant.
  if (!claims) return base;
  return {
    ...base,
    'jwt.claims.sub': claims.sub,
    'jwt.claims.tenant_id': claims.tenantId,
    'jwt.claims.permissions': claims.permissions.join(','),
  };
}
