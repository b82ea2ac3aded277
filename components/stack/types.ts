/**
 * Shapes of the stack admin API (`/gateways/{gw}/stack…`) as the UI reads them: the server's own
 * view types, type-only (erased at build: nothing of lib/ reaches the browser bundle).
 */
import type { AuthorizerSettings } from "@/lib/db/schema";
import type { InvokeUrls } from "@/lib/aws/invoke-urls";
import type { QuickCreateLink } from "@/lib/aws/stack/quick-create";
import type { StackState } from "@/lib/aws/stack/state";
import type { StackView } from "@/lib/aws/stack/view";

export type { InvokeUrls, QuickCreateLink, StackState, StackView };
export type StackSettings = AuthorizerSettings;

export const stackKeys = {
  stack: (gatewayId: string) => ["gateways", gatewayId, "stack"] as const,
  invokeUrls: (gatewayId: string) => ["gateways", gatewayId, "invoke-urls"] as const,
};
