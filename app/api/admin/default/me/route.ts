import { consoleRoute, json } from "@/lib/api/route";

export const GET = consoleRoute({ role: "viewer" }, ({ caller }) =>
  Promise.resolve(json({ id: caller.userId, username: caller.username, display_name: caller.displayName, role: caller.role, via: caller.via })),
);
