/**
 * The loader: bundle a user's objective file with esbuild and run it in a worker thread with
 * a time and a memory limit (startRun, listObjectives, checkGradientInFile); find objectives
 * statically without running anything (discoverObjectives). No vscode import: the extension
 * host and the CLI both use it.
 */
export { startFinder, type FinderHandle, type FinderListener, type StartFinderOptions } from './findLr';
export { evaluateGridInFile, type GridHandle, type GridInFileOptions } from './grid';
export { startRun, type DecimatedRun, type GradientFallback, type RunHandle, type RunHeader, type RunListener, type StartRunOptions } from './run';
export { listObjectives, type ListOptions } from './list';
export { checkGradientInFile, type CheckOptions, type CheckReport, type GradientComparison } from './check';
export { gradientAt, type GradientAt, type GradientOptions } from './gradient';
export { discoverObjectives, readX0Tag, type DiscoveredObjective, type X0Tag } from './discover';
export { bundleObjectiveFile, CompileError, type BundleOptions } from './bundle';
export { parseX0Tag } from './x0Tag';
export { keepSpareWorker } from './spareWorker';
export { bundler, BUNDLER_ENV, onBundlerFallback, warmBundler, type Bundler } from './esbuildApi';
export type { LoaderOutcome } from './outcome';
