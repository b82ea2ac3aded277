import { versionedItemRoutes } from "@/lib/api/versioned-item-route";
import { updatePolicyBodySchema } from "@/lib/policies/schemas";
import { deletePolicy, getPolicy, updatePolicy } from "@/lib/policies/service";

const policy = versionedItemRoutes({ name: "Policy", param: "pid" });

export const GET = policy.read(getPolicy);
export const PUT = policy.update(updatePolicyBodySchema, updatePolicy);
export const DELETE = policy.remove(deletePolicy);
