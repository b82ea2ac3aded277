import { adminOpenApiDocument } from "@/lib/api/openapi/document";
import { consoleRoute, json } from "@/lib/api/route";

/** The OpenAPI 3.1 document of the admin API; signed in like every admin read (it holds no secrets). */
export const GET = consoleRoute({ role: "viewer" }, () => Promise.resolve(json(adminOpenApiDocument())));
