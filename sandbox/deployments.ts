import {
  GetAuthorizersCommand,
  GetResourcesCommand,
  GetStageCommand,
  NotFoundException,
  type Authorizer,
  type Resource,
} from "@aws-sdk/client-api-gateway";
import type { AwsClients } from "./aws";

/**
 * What a stage serves: the snapshot of the API that API Gateway took when the stage's current
 * deployment was created. The emulator (test/moto/gatehouse_moto_server.py) records it at
 * CreateDeployment and exposes it at the emulator-only
 * `GET /_gatehouse/restapis/{apiId}/deployments/{deploymentId}/snapshot`. Every request re-reads
 * the stage (GetStage), so a request right after CreateDeployment or UpdateStage sees the new
 * deployment; snapshots are immutable and cached per deployment id.
 *
 * Only a deployment without a recorded snapshot (a plain moto_server, or one created before the
 * emulator recorded snapshots) falls back to the API as it is when the sandbox first serves it.
 */
export interface DeployedMethod {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
}

export interface DeployedResource {
  id: string;
  path: string;
  methods: Record<string, DeployedMethod>;
}

export interface DeploymentSnapshot {
  apiId: string;
  deploymentId: string;
  takenAt: Date;
  /** "emulator": recorded at CreateDeployment; "fallback": read by the sandbox later (approximate). */
  source: "emulator" | "fallback";
  resources: DeployedResource[];
  authorizers: Map<string, Authorizer>;
}

/** The emulator's recorded snapshot (see gatehouse_moto_server.py). */
interface RecordedSnapshot {
  restApiId: string;
  deploymentId: string;
  takenAt?: string;
  resources: { id: string; path: string; resourceMethods?: Record<string, { authorizationType?: string; authorizerId?: string; apiKeyRequired?: boolean }> }[];
  authorizers: Authorizer[];
}

async function allPages<T>(fetchPage: (position?: string) => Promise<{ items?: T[]; position?: string }>): Promise<T[]> {
  const out: T[] = [];
  let position: string | undefined;
  do {
    const page = await fetchPage(position);
    out.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return out;
}

export class DeploymentStore {
  private snapshots = new Map<string, Promise<DeploymentSnapshot>>(); // `${apiId}/${deploymentId}`

  constructor(
    private readonly aws: AwsClients,
    private readonly awsEndpoint: string,
    private readonly log: (line: string) => void,
  ) {}

  private privateUrl(...segments: string[]): string {
    return `${this.awsEndpoint.replace(/\/+$/, "")}/_gatehouse/${segments.map(encodeURIComponent).join("/")}`;
  }

  /** The snapshot of a deployment: the one the emulator recorded at CreateDeployment. */
  snapshot(apiId: string, deploymentId: string): Promise<DeploymentSnapshot> {
    const key = `${apiId}/${deploymentId}`;
    let pending = this.snapshots.get(key);
    if (!pending) {
      pending = this.load(apiId, deploymentId);
      this.snapshots.set(key, pending);
      pending.catch(() => this.snapshots.delete(key)); // a failed read is retried by the next request
    }
    return pending;
  }

  private async load(apiId: string, deploymentId: string): Promise<DeploymentSnapshot> {
    const res = await fetch(this.privateUrl("restapis", apiId, "deployments", deploymentId, "snapshot"));
    if (res.ok) {
      const recorded = (await res.json()) as RecordedSnapshot;
      return {
        apiId,
        deploymentId,
        takenAt: recorded.takenAt ? new Date(recorded.takenAt) : new Date(),
        source: "emulator",
        resources: recorded.resources.map((r) => ({
          id: r.id,
          path: r.path || "/",
          methods: Object.fromEntries(
            Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
              verb,
              { httpMethod: verb, authorizationType: m.authorizationType ?? "NONE", authorizerId: m.authorizerId ?? undefined, apiKeyRequired: m.apiKeyRequired ?? false },
            ]),
          ),
        })),
        authorizers: new Map(recorded.authorizers.map((a) => [a.id!, a])),
      };
    }
    const reason = await res.text().catch(() => "");
    this.log(
      `deployment ${deploymentId} of ${apiId} has no snapshot recorded by the emulator (${res.status} ${reason.slice(0, 200)}); ` +
        "serving the API as it is now instead, which may differ from what was deployed",
    );
    return this.liveSnapshot(apiId, deploymentId);
  }

  /** Fallback: the API as it is now (not what was deployed). */
  private async liveSnapshot(apiId: string, deploymentId: string): Promise<DeploymentSnapshot> {
    const [resources, authorizers] = await Promise.all([
      allPages<Resource>((position) => this.aws.apiGateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ["methods"], limit: 500, position }))),
      allPages<Authorizer>((position) => this.aws.apiGateway.send(new GetAuthorizersCommand({ restApiId: apiId, limit: 500, position }))),
    ]);
    return {
      apiId,
      deploymentId,
      takenAt: new Date(),
      source: "fallback",
      resources: resources.map((r) => ({
        id: r.id!,
        path: r.path ?? "/",
        methods: Object.fromEntries(
          Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
            verb,
            { httpMethod: verb, authorizationType: m.authorizationType ?? "NONE", authorizerId: m.authorizerId ?? undefined, apiKeyRequired: m.apiKeyRequired ?? false },
          ]),
        ),
      })),
      authorizers: new Map(authorizers.map((a) => [a.id!, a])),
    };
  }

  /**
   * How many times FlushStageAuthorizersCache ran for the stage (the emulator counts them), or
   * null when it cannot be read — then nothing may be served from the authorizer cache.
   */
  async authorizerCacheFlushes(apiId: string, stage: string): Promise<number | null> {
    try {
      const res = await fetch(this.privateUrl("restapis", apiId, "stages", stage, "authorizer-cache"));
      if (!res.ok) return null;
      const body = (await res.json()) as { flushes?: unknown };
      return typeof body.flushes === "number" ? body.flushes : null;
    } catch {
      return null;
    }
  }

  /** The snapshot a stage serves now (its current deployment, read afresh), or null when the API or stage does not exist. */
  async served(apiId: string, stage: string): Promise<{ snapshot: DeploymentSnapshot; variables: Record<string, string> } | null> {
    let current;
    try {
      current = await this.aws.apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: stage }));
    } catch (err) {
      if (err instanceof NotFoundException) return null;
      throw err;
    }
    if (!current.deploymentId) return null;
    return { snapshot: await this.snapshot(apiId, current.deploymentId), variables: current.variables ?? {} };
  }
}
