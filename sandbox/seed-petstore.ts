import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ensurePetStore } from "./petstore";

// Creates the example PetStore REST API in the emulator named by AWS_ENDPOINT_URL (demo mode).
async function main() {
  const client = new APIGatewayClient({ region: process.env.AWS_REGION ?? "us-east-1" });
  const { apiId, created } = await ensurePetStore(client);
  console.log(`[demo] PetStore REST API ${created ? "created" : "already present"}: ${apiId} (stage prod)`);
}

main().catch((err: unknown) => {
  console.error(`[demo] could not create the PetStore API: ${(err as Error).message}`);
  process.exit(1);
});
