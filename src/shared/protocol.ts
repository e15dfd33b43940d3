/**
 * The one message protocol between the extension host and the plot panel (webview): zod/mini
 * schemas (`messages/`) from which both the TypeScript types and the checks on both sides
 * come. The host validates everything it receives with `parseWebviewMessage` (a webview is
 * untrusted input); the panel checks what the host sends with `parseHostMessage`.
 *
 * Flow: the webview posts `ready`; the host answers `init` with a full snapshot (runs,
 * catalog, controls, trust); afterwards the host streams `runStarted` → `runData`* (and
 * `runGradient` when its exact gradient gives way to central differences) → `runFinished`. Until `ready`, and while the panel is hidden, the host queues messages.
 */
export { PROTOCOL_VERSION } from './protocolVersion';
export {
  OPTIMIZER_FAMILIES,
  STOP_REASONS,
  type Catalog,
  type CatalogEntry,
  type CatalogOption,
  type ControlValues,
  type GradientFallbackMessage,
  type ObjectiveRef,
  type PanelContext,
  type RawTypedConfig,
  type RunMeta,
  type RunOutcomeMessage,
  type RunSnapshot,
  type SeriesChunk,
  type SourceLocation,
  type StopReason,
  type TypeProblemMessage,
} from './messages/shapes';
export {
  CELL_STATUSES,
  FINDER_STOP_REASONS,
  PLANE_MODES,
  STEPS_UNKNOWN,
  SUGGESTION_RULES,
  type CellSummaryMessage,
  type FinderResultMessage,
  type FinderStateMessage,
  type LandscapeGridMessage,
  type LandscapePath,
  type LandscapeSceneMessage,
  type PlaneBoxMessage,
  type PlaneModeMessage,
  type StepsUnknown,
  type SweepCellMessage,
  type SweepStateMessage,
} from './messages/playground';
export { STEP_ACTIONS, STEP_SIZE_KINDS, type PausedRunMessage, type StepAction, type StepInspectionMessage } from './messages/stepThrough';
export { parseHostMessage, type HostMessage, type HostMessageType, type HostParseResult, type HostToWebview } from './messages/hostToWebview';
export { parseWebviewMessage, type ParseResult, type WebviewMessage, type WebviewMessageType, type WebviewToHost } from './messages/webviewToHost';

/** Exhaustiveness check for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
