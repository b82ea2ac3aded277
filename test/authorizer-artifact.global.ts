import { writeAuthorizerArtifact } from "../scripts/authorizer-package.mjs";

/**
 * Vitest global setup of the integration projects: builds the authorizer artifact once per run,
 * as `npm run build` does (dist/authorizer-<version>.zip + .sha256), from the sources under test.
 * The console's code then serves and deploys that file, as in production (lib/aws/package.ts).
 */
export default async function buildAuthorizerArtifact(): Promise<void> {
  await writeAuthorizerArtifact();
}
