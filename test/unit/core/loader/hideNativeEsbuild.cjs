// Preloaded with `node --require` by the fallback tests: this process cannot find esbuild's platform
// package (@esbuild/<platform>), as on a machine whose .vsix or install carries another platform's
// binary or none. esbuild's own lookup (require.resolve of the package and of its binary) fails the
// way it does there; everything else resolves as usual.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (typeof request === 'string' && request.startsWith('@esbuild/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
