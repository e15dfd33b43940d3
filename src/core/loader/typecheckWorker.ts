/** The type checker's worker thread (bundled to dist/typecheck.js): checks one file and posts its problems. */
import { parentPort, workerData } from 'node:worker_threads';
import { typecheckFile } from './typecheck';

const { file, source } = workerData as { file: string; source?: string };
parentPort!.postMessage(typecheckFile(file, source !== undefined ? { source } : {}));
