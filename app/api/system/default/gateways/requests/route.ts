import { json } from "@/lib/api/route";
import { systemRoute } from "@/lib/api/system-route";
import { storeDecisionEvents } from "@/lib/gateways/events";
import { gatewayRequestEventsSchema } from "@/protocol/decision-events";

/** Decision events, rate limited to the gateway's events_per_second (see lib/gateways/events.ts). */
export const POST = systemRoute({ scope: "push_gateway_requests", body: gatewayRequestEventsSchema }, async ({ db, gateway, body }) =>
  json(await storeDecisionEvents(db, gateway, body.events)),
);
