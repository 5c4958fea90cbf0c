import { defineConfig } from 'vite';

/** The chaincode's own definition of what a member signs, bundled from its source. */
const canonical = new URL('../chaincode/src/member-request/canonical.ts', import.meta.url).pathname;

export default defineConfig({
  // Relative asset URLs: the page works wherever the gateway serves it.
  base: './',
  resolve: {
    alias: { '@points-alliance/chaincode/dist/member-request/canonical': canonical },
  },
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets' },
});
