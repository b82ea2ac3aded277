import { idParam } from "@/lib/api/params";
import { consoleRoute } from "@/lib/api/route";
import { authorizerPackage } from "@/lib/aws/package";

/** Download of the authorizer zip the stack deploys. */
export const GET = consoleRoute({ role: "viewer" }, async ({ params }) => {
  idParam(params, "Gateway", "gw");
  const pkg = await authorizerPackage();
  return new Response(Buffer.from(pkg.bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${pkg.fileName}"`,
      "Content-Length": String(pkg.bytes.byteLength),
      ETag: `"${pkg.sha256}"`,
      "Cache-Control": "no-store",
    },
  });
});
