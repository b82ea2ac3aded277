/**
 * The methods *Send test request* may use: the console's form offers them and the route's body
 * schema accepts only them, from this one list. Pure: no platform or project imports.
 */
export const TEST_REQUEST_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type TestRequestMethod = (typeof TEST_REQUEST_METHODS)[number];
