import { publicRoute } from "@/lib/api/route";
import { discoveryDocument } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

/** OpenID discovery of the `system` issuer of gateway clients. */
export const GET = publicRoute(() => Promise.resolve(Response.json(discoveryDocument(), { headers: { "Cache-Control": "public, max-age=300" } })));
