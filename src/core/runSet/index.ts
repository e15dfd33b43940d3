/** Run sets (`*.lrlab.json`): save and reproduce runs exactly, and the `lrlab run` line of one run. */
export { encodeRunSet, parseRunSet, RUN_SET_EXTENSION, RUN_SET_VERSION, type RunSet, type RunSetEntry, type RunSetObjective } from './format';
export { locateObjectiveFile, relativeObjectivePath, sameContent, sha256 } from './objectiveFile';
export { quote, runCommandLine } from './commandLine';
