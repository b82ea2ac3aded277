import { z } from "zod";
import { consoleRoute, json } from "@/lib/api/route";
import { whoAmI } from "@/lib/aws/identity";

const query = z.object({ region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1").optional() });

/** Who the console acts as in AWS, or why it cannot (always 200: the answer is the status). */
export const GET = consoleRoute({ role: "viewer", query }, async ({ query }) => json(await whoAmI(query.region)));
