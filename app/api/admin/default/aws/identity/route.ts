import { consoleRoute, json } from "@/lib/api/route";
import { awsIdentityQuerySchema, whoAmI } from "@/lib/aws/identity";

/** Who the console acts as in AWS, or why it cannot (always 200: the answer is the status). */
export const GET = consoleRoute({ role: "viewer", query: awsIdentityQuerySchema }, async ({ query }) => json(await whoAmI(query.region)));
