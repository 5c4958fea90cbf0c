/**
 * The alliance explorer (the `explorer/` workspace's Vite build) served at `/`. The page routes
 * with the URL's hash, so no page path can ever shadow an API path; only the built files are
 * served, and anything else falls through to the API's 404.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Router } from 'express';

/** The explorer's build output in this checkout: from src/http or dist/http alike. */
export const DEFAULT_EXPLORER_DIR = resolve(__dirname, '..', '..', '..', 'explorer', 'dist');

/** A year: asset names carry a hash of their content, so a changed file is a new name. */
const ASSET_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Everything the page loads comes from this gateway: no CDN, no font or script from elsewhere.
 * The page talks only to the gateway that served it.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function explorerSite(dir: string): Router {
  const site = express.Router();
  site.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    }
    next();
  });
  site.use(
    express.static(dir, {
      index: 'index.html',
      redirect: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'Cache-Control',
          path.startsWith(join(dir, 'assets'))
            ? `public, max-age=${ASSET_MAX_AGE_SECONDS}, immutable`
            : // The page itself names the current assets: always ask whether it changed.
              'no-cache',
        );
      },
    }),
  );
  site.get('/', (_req, res) => {
    // Reached only when the static files had no index.html.
    const status = existsSync(dir) ? 404 : 503;
    res
      .status(status)
      .type('text/plain')
      .send(
        `The alliance explorer is not built (no index.html in ${dir}). ` +
          'Build it with `npm run build -w explorer` (npm test and npm start do it); the API is served as usual.',
      );
  });
  return site;
}
