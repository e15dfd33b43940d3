/** The type checker's worker thread (bundled to dist/typecheck.js): checks one file and posts its problems. */
import { parentPort, workerData } from 'node:worker_threads';
import { typecheckFile } from './typecheck';

const { file, source, locale } = workerData as { file: string; source?: string; locale?: string };
parentPort!.postMessage(typecheckFile(file, { ...(source !== undefined ? { source } : {}), ...(locale !== undefined ? { locale } : {}) }));
