import type { z } from "zod";
import type { Caller } from "../auth/caller";
import type { Db } from "../db/client";
import { requireVersion, versionedJson, type Versioned } from "./if-match";
import { idParam } from "./params";
import { consoleRoute, noContent, type RouteHandler } from "./route";

/**
 * The item routes of a versioned admin resource addressed by a uuid path parameter
 * (`/apis/[api]`, `/gateways/[gw]`, `/issuers/[id]`, `/policies/[pid]`, `/services/[sid]`): GET answers the view with its version
 * as ETag (viewers may read), PUT is an optimistic-version write (version from the body or
 * If-Match, admins only) answering the new view, DELETE answers 204 (admins only). A parameter
 * that is not a uuid is a 404 naming the resource. Each route file still exports its own
 * GET/PUT/DELETE, so the methods a file serves stay readable there (and by the tests that scan them).
 */
interface VersionedResource {
  /** What a 404 names: "Gateway". */
  name: string;
  /** The path parameter's folder name: `gw` for `[gw]`. */
  param: string;
}

type VersionedView = { version: number };

export function versionedItemRoutes(resource: VersionedResource) {
  const idOf = (params: Record<string, string>) => idParam(params, resource.name, resource.param);
  return {
    read: (get: (db: Db, id: string) => Promise<VersionedView>): RouteHandler =>
      consoleRoute({ role: "viewer" }, async ({ db, params }) => versionedJson(await get(db, idOf(params)))),

    update: <TBody extends { version?: number }>(
      body: z.ZodType<TBody>,
      update: (db: Db, actor: Caller, id: string, change: Versioned<TBody>) => Promise<VersionedView>,
    ): RouteHandler =>
      consoleRoute({ role: "admin", body }, async ({ req, db, caller, params, body }) =>
        versionedJson(await update(db, caller, idOf(params), requireVersion(req, body))),
      ),

    remove: (remove: (db: Db, actor: Caller, id: string) => Promise<void>): RouteHandler =>
      consoleRoute({ role: "admin" }, async ({ db, caller, params }) => {
        await remove(db, caller, idOf(params));
        return noContent();
      }),
  };
}
