import { idParam } from "@/lib/api/params";
import { consoleRoute } from "@/lib/api/route";
import { authorizerTemplate } from "@/lib/aws/template";

/** Download of the stack template (infra/authorizer.yaml). */
export const GET = consoleRoute({ role: "viewer" }, ({ params }) => {
  idParam(params, "Gateway", "gw");
  const t = authorizerTemplate();
  const res = new Response(t.body, {
    headers: {
      "Content-Type": "application/x-yaml; charset=utf-8",
      "Content-Disposition": 'attachment; filename="gatehouse-authorizer.yaml"',
      ETag: `"${t.sha256}"`,
      "Cache-Control": "no-store",
    },
  });
  return Promise.resolve(res);
});
