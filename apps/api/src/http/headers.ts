import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Security headers (helmet) for everything the API serves: nosniff, no framing (CSP
 * frame-ancestors 'none' and X-Frame-Options DENY), Referrer-Policy no-referrer, HSTS when
 * PUBLIC_URL is https. The console and the patient page load only their own same-origin script and
 * style files and call the API on the same origin, so the policy allows nothing else; Swagger UI at
 * /docs needs its inline styles.
 */
export function securityHeaders(httpsOnly: boolean): Middleware {
  const directives = (relaxed: boolean) => ({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': relaxed ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only where the site is served over https; on http://localhost it would break the demo.
    'upgrade-insecure-requests': httpsOnly ? [] : null,
  });
  const common = {
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity: httpsOnly ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' as const },
    crossOriginEmbedderPolicy: false,
  };
  const strict = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: directives(false) } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: directives(true) } });
  return (req, res, next) => (req.path.startsWith('/docs') ? docs : strict)(req, res, next);
}

/**
 * `Cache-Control: no-store` on every API answer (they carry personal data, or say who may see
 * it) and on the web pages themselves (a patient page's address holds its token); the hashed
 * script and style files may be cached.
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
