// Build: one hashed bundle in dist/assets and an index.html with no inline script or style,
// because the server's Content-Security-Policy allows only 'self' for both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    // Never inline assets as data: URLs; the CSP only allows files from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
