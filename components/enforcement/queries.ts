import { queryOptions } from "@tanstack/react-query";
import { api } from "../api-client";
import { enforcementKeys, type ApiList } from "./types";

/** The unfiltered API list: one query and cache entry, read by Enforcement › APIs and the policy replay panel. */
export const allApisQuery = queryOptions({ queryKey: enforcementKeys.allApis, queryFn: () => api<ApiList>("apis") });
