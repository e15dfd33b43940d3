/**
 * Version of the host ⇄ panel message protocol (`protocol.ts`). It lives in its own module
 * so the webview bundle can import it without pulling in zod (which `protocol.ts` needs for
 * validating the webview's messages on the host).
 */
export const PROTOCOL_VERSION = 2;
