/**
 * API Gateway's control-plane quotas, per account and region; AWS does not raise them ("Amazon API
 * Gateway quotas", API Gateway Developer Guide: "API Gateway quotas for creating, deploying and
 * managing an API"; docs/aws-rules.md). The console's redeploy queue and enforcement reads and the
 * authorizer's sync share them: both pace themselves here instead of bursting into 429s.
 * Pure: no platform or project imports.
 */
import type { TokenRate } from "./token-bucket";

/** CreateDeployment: 1 request every 5 seconds. */
export const CREATE_DEPLOYMENT_INTERVAL_MS = 5000;

/** GetResources: 5 requests every 2 seconds. */
export const GET_RESOURCES_RATE: TokenRate = { perSecond: 2.5, burst: 5 };

/** Every other control-plane call: 10 requests per second with a burst of 40, shared by them all. */
export const CONTROL_PLANE_RATE: TokenRate = { perSecond: 10, burst: 40 };
