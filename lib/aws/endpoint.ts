/**
 * Where the console's AWS calls go. The SDK itself honours `AWS_ENDPOINT_URL` (and the
 * per-service `AWS_ENDPOINT_URL_<SERVICE>`); this module only reports it, so the UI can say that
 * calls go to an emulator, and so S3 can switch to path-style addressing there.
 */
export function awsEndpointOverride(service?: "S3"): string | null {
  const specific = service ? process.env[`AWS_ENDPOINT_URL_${service}`] : undefined;
  const value = (specific ?? process.env.AWS_ENDPOINT_URL ?? "").trim();
  return value === "" ? null : value.replace(/\/+$/, "");
}
