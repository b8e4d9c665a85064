// Security headers on every answer (helmet), with a Content-Security-Policy the console passes:
// its scripts, styles and fonts come from this origin only; Mantine sets inline style attributes
// and <style> tags, hence 'unsafe-inline' for styles (never for scripts). GraphiQL (development
// only) loads its editor from a CDN with inline scripts: it gets helmet's other headers, no CSP.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const CONSOLE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(options: { graphiqlPath?: string } = {}): RequestHandler {
  const withCsp = helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES } });
  const withoutCsp = helmet({ contentSecurityPolicy: false });
  return (req, res, next) => (options.graphiqlPath && req.path === options.graphiqlPath ? withoutCsp : withCsp)(req, res, next);
}
