import {
  GetAuthorizersCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type Authorizer,
  type Resource,
} from "@aws-sdk/client-api-gateway";
import type { AwsClients } from "./aws";

/**
 * What a stage serves: the snapshot of the API taken when its deployment appeared. moto keeps no
 * snapshots, so the sandbox takes one per deployment id the moment it first sees it (it polls
 * every second) — changes to methods or authorizers become live only with the next deployment.
 */
export interface DeployedMethod {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
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
  resources: DeployedResource[];
  authorizers: Map<string, Authorizer>;
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
  private snapshots = new Map<string, DeploymentSnapshot>(); // `${apiId}/${deploymentId}`
  private stages = new Map<string, { deploymentId: string; variables: Record<string, string> }>(); // `${apiId}/${stage}`
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly aws: AwsClients, private readonly log: (line: string) => void) {}

  async snapshot(apiId: string, deploymentId: string): Promise<DeploymentSnapshot> {
    const key = `${apiId}/${deploymentId}`;
    const existing = this.snapshots.get(key);
    if (existing) return existing;
    const [resources, authorizers] = await Promise.all([
      allPages<Resource>((position) => this.aws.apigateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ["methods"], limit: 500, position }))),
      allPages<Authorizer>((position) => this.aws.apigateway.send(new GetAuthorizersCommand({ restApiId: apiId, limit: 500, position }))),
    ]);
    const snap: DeploymentSnapshot = {
      apiId,
      deploymentId,
      takenAt: new Date(),
      resources: resources.map((r) => ({
        id: r.id!,
        path: r.path ?? "/",
        methods: Object.fromEntries(
          Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [
            verb,
            { httpMethod: verb, authorizationType: m.authorizationType ?? "NONE", authorizerId: m.authorizerId ?? undefined },
          ]),
        ),
      })),
      authorizers: new Map(authorizers.map((a) => [a.id!, a])),
    };
    this.snapshots.set(key, snap);
    this.log(`snapshot of ${apiId} deployment ${deploymentId}: ${snap.resources.length} resources`);
    return snap;
  }

  /** Reads every stage and snapshots deployments not seen before. */
  async poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const apis = await allPages((position) => this.aws.apigateway.send(new GetRestApisCommand({ limit: 500, position })));
        for (const api of apis) {
          const stages = (await this.aws.apigateway.send(new GetStagesCommand({ restApiId: api.id }))).item ?? [];
          for (const s of stages) {
            if (!s.deploymentId || !s.stageName) continue;
            await this.snapshot(api.id!, s.deploymentId);
            this.stages.set(`${api.id}/${s.stageName}`, { deploymentId: s.deploymentId, variables: s.variables ?? {} });
          }
        }
      } catch (err) {
        this.log(`polling deployments failed: ${(err as Error).message}`);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  start(intervalMs = 1000): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The snapshot a stage serves now, or null when the API or stage does not exist. */
  async served(apiId: string, stage: string): Promise<{ snapshot: DeploymentSnapshot; variables: Record<string, string> } | null> {
    let current = this.stages.get(`${apiId}/${stage}`);
    if (!current) {
      await this.poll();
      current = this.stages.get(`${apiId}/${stage}`);
    }
    if (!current) return null;
    return { snapshot: await this.snapshot(apiId, current.deploymentId), variables: current.variables };
  }
}
