import { toDecisionEvent, type DecisionRecord } from "./analytics/event";
import { AnalyticsQueue } from "./analytics/queue";
import type { CompiledConfiguration } from "./config/compile";
import { ConfigStore } from "./config/store";
import { answerFor, buildAnswer, statementResource, type AuthorizerResponse } from "./decision/answer";
import { decide, type EarlyDenialReason, type Outcome } from "./decision/decide";
import { UNAUTHORIZED } from "./errors";
import { parseAuthorizerEvent, type AuthorizerRequest } from "./events/parse";
import { HttpClient } from "./http/client";
import { invocationFields } from "./invocation";
import { inInvocation, Logger, type Sink } from "./log";
import { SystemApi } from "./platform/system-api";
import { PlatformAuth } from "./platform/token";
import { systemUrls } from "./platform/urls";
import { effectiveSettings } from "./settings/effective";
import { loadSettings, type ConsoleSetting, type Settings } from "./settings/settings";
import { sdkApiGatewayPort, type ApiGatewayPort } from "./sync/api-gateway";
import { runSync, type SyncCursor, type SyncReport } from "./sync/run";
import { TokenVerifier } from "./tokens/authenticate";
import { Introspector } from "./tokens/introspection";
import { JwksCache } from "./tokens/jwks";
import { AUTHORIZER_VERSION } from "./version";
import { realClock, type Clock } from "../protocol/clock";
import { JWT_CLOCK_SKEW_SECONDS } from "../protocol/jwt-clock-skew";

/**
 * The authorizer: settings (validated once), the platform clients, the configuration store,
 * token verification, analytics and the sync, wired together; `handle` is the Lambda handler.
 * index.ts keeps one instance per container; tests build their own with their own environment.
 */
export interface AuthorizerOptions {
  env: Record<string, string | undefined>;
  sink?: Sink;
  /** The container's time (protocol/clock.ts); tests move it on by hand. */
  clock?: Clock;
  apiGateway?: () => Promise<ApiGatewayPort>;
  version?: string;
  firstFetchTimeoutMs?: number;
  skewSeconds?: number;
  /** Page size of the sync's list calls (tests use a small one to exercise paging). */
  syncPageLimit?: number;
}

export interface LambdaContext {
  invokedFunctionArn?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

interface Ready {
  base: Settings;
  fromEnv: ReadonlySet<ConsoleSetting>;
  effective: Settings;
  http: HttpClient;
  system: SystemApi;
  store: ConfigStore;
  jwks: JwksCache;
  verifier: TokenVerifier;
  analytics: AnalyticsQueue<DecisionRecord>;
  cursor: SyncCursor;
}

const PLATFORM_TIMEOUT_MS = 5000;
const INTROSPECTION_TIMEOUT_MS = 2000;

export class Authorizer {
  readonly log: Logger;
  private readonly ready: Ready | null;
  private readonly clock: Clock;
  /** Whether an invocation ran in this container before (the next one is no cold start). */
  private invoked = false;

  constructor(private readonly opts: AuthorizerOptions) {
    const clock = (this.clock = opts.clock ?? realClock);
    const loaded = loadSettings(opts.env);
    if (!loaded.ok) {
      this.log = new Logger(loaded.loggingLevel, opts.sink, clock);
      this.log.error("invalid authorizer settings: every request is denied until they are fixed", {
        settings: loaded.problems.map((p) => p.variable),
        problems: Object.fromEntries(loaded.problems.map((p) => [p.variable, p.message])),
      });
      this.ready = null;
      return;
    }
    this.log = new Logger(loaded.settings.loggingLevel, opts.sink, clock);
    this.ready = this.wire(loaded.settings, loaded.fromEnv);
  }

  private wire(base: Settings, fromEnv: ReadonlySet<ConsoleSetting>): Ready {
    const { log, clock } = this;
    const version = this.opts.version ?? AUTHORIZER_VERSION;
    const urls = systemUrls(base.issuerUrl);
    if (!urls.ok) throw new Error("unreachable: settings validated the issuer URL");
    const http = new HttpClient({ rootCa: base.rootCa, insecureSkipVerify: base.insecureSkipVerify, userAgent: `gatehouse-authorizer/${version}` });
    const auth = new PlatformAuth(http, urls.urls, { clientId: base.clientId, clientSecret: base.clientSecret }, clock);
    const system = new SystemApi(http, auth, urls.urls, version);
    // The callbacks below read `ready` lazily: they only run after it is built.
    const jwks = new JwksCache(http, log, { minRefetchMs: () => ready.effective.reloadIntervalMs, maxAgeMs: () => ready.effective.jwksMaxAgeMs, clock });
    const analytics = new AnalyticsQueue<DecisionRecord>({ push: (records) => system.pushRequests(records.map(toDecisionEvent), PLATFORM_TIMEOUT_MS), log, clock });
    const introspector = new Introspector((token) => system.introspect(token, INTROSPECTION_TIMEOUT_MS), { clock });
    const verifier = new TokenVerifier(jwks, introspector, { skewSeconds: this.opts.skewSeconds ?? JWT_CLOCK_SKEW_SECONDS, clock });
    const store = new ConfigStore({
      fetch: (etag) => system.configuration(etag, PLATFORM_TIMEOUT_MS, ready.effective.reloadIntervalMs),
      log,
      intervalMs: base.reloadIntervalMs,
      firstFetchTimeoutMs: this.opts.firstFetchTimeoutMs ?? 3000,
      clock,
      onInstall: (config) => this.install(ready, config),
    });
    analytics.enabled = base.analyticsEnabled;
    const ready: Ready = { base, fromEnv, effective: base, http, system, store, jwks, verifier, analytics, cursor: { next: null } };
    return ready;
  }

  /** A new configuration: apply the console's settings (env wins) and warm the issuers' keys. */
  private install(ready: Ready, config: CompiledConfiguration): void {
    const eff = effectiveSettings(ready.base, ready.fromEnv, config.consoleSettings);
    for (const i of eff.ignored) this.log.warn("ignored an invalid setting from the console", { setting: i.variable, problem: i.message });
    ready.effective = eff.settings;
    this.log.setLevel(eff.settings.loggingLevel);
    ready.store.setInterval(eff.settings.reloadIntervalMs);
    ready.analytics.enabled = eff.settings.analyticsEnabled;
    ready.analytics.eventsPerSecond = config.eventsPerSecond;
    for (const i of config.issuers) if (i.jwksUri && i.embeddedJwks) ready.jwks.seed(i.jwksUri, i.embeddedJwks.keys, i.embeddedJwks.fetchedAt);
    ready.jwks.prefetch(config.issuers.map((i) => i.jwksUri).filter((u): u is string => u !== null));
  }

  /** Starts the first configuration fetch during the function's init phase. */
  warmUp(): void {
    if (this.ready) void this.ready.store.refresh();
  }

  /** The configuration in force (for tests and diagnostics). */
  configuration(): CompiledConfiguration | null {
    return this.ready?.store.held() ?? null;
  }

  settings(): Settings | null {
    return this.ready?.effective ?? null;
  }

  /**
   * The Lambda handler. Everything the invocation logs — and the background work it starts —
   * carries its request id, cold start and X-Ray trace id (invocation.ts, log.ts).
   */
  handle(event: unknown, context: LambdaContext = {}): Promise<unknown> {
    const fields = invocationFields(context, this.opts.env, !this.invoked);
    this.invoked = true;
    return inInvocation(fields, () => this.dispatch(event, context));
  }

  private dispatch(event: unknown, context: LambdaContext): Promise<unknown> {
    const e = event as { source?: unknown; "detail-type"?: unknown; type?: unknown } | null;
    if (e && e.source === "aws.events" && e["detail-type"] === "Scheduled Event") return this.scheduled(context);
    if (e && (e.type === "REQUEST" || e.type === "TOKEN")) return this.authorize(event);
    this.log.warn("unrecognized event; answering Deny", { event_type: typeof e?.type === "string" ? e.type.slice(0, 40) : typeof event });
    return Promise.resolve(buildAnswer("Deny", statementResource(parseAuthorizerEvent(event)), "anonymous"));
  }

  /** One authorizer event → its answer; `Unauthorized` (401) is the only error that leaves. */
  async authorize(event: unknown): Promise<AuthorizerResponse> {
    const t0 = performance.now();
    let req: AuthorizerRequest | null = null;
    let answer: AuthorizerResponse | null;
    try {
      req = parseAuthorizerEvent(event);
      const ready = this.ready;
      if (!ready) return this.deny(req, "invalid_settings", t0);
      if (!req) return this.deny(null, "malformed_event", t0);
      const config = ready.store.ready() ?? (await ready.store.get());
      if (!config) {
        this.log.error("failed to get gateway configuration", { reason: ready.store.lastError ?? "the platform did not answer in time", denied: true });
        return this.deny(req, "no_configuration", t0);
      }
      const eff = ready.effective;
      const decided = decide(req, { config, verifier: ready.verifier, allowUnknown: eff.allowUnknown });
      const outcome = decided instanceof Promise ? await decided : decided;
      this.record(ready, req, outcome, performance.now() - t0);
      answer = answerFor(req, outcome, eff.injectContext);
    } catch (err) {
      this.log.error("internal error; the request is denied", { reason: err instanceof Error ? err.message : String(err) });
      return buildAnswer("Deny", statementResource(req), "anonymous");
    }
    if (answer === null) throw new Error(UNAUTHORIZED);
    return answer;
  }

  private deny(req: AuthorizerRequest | null, reason: EarlyDenialReason, t0: number): AuthorizerResponse {
    if (this.log.enabled("debug")) {
      this.log.debug("decision", { result: "deny", reason, duration_ms: round(performance.now() - t0), ...(req ? { rest_api_id: req.arn.apiId, stage: req.arn.stage } : {}) });
    }
    return buildAnswer("Deny", statementResource(req), "anonymous");
  }

  private record(ready: Ready, req: AuthorizerRequest, outcome: Outcome, durationMs: number): void {
    const { route } = outcome;
    const policy = route?.policy.kind === "policy" ? route.policy.slot : null;
    if (this.log.enabled("debug")) {
      this.log.debug("decision", {
        api: route ? `${route.method} ${route.path}` : `${req.arn.verb} ${req.resource ?? req.arn.path}`,
        api_id: route?.id,
        rest_api_id: req.arn.apiId,
        stage: req.arn.stage,
        policy: policy ? policy.name : route ? "unrestricted" : null,
        policy_id: policy?.id,
        result: outcome.effect.toLowerCase(),
        reason: outcome.reason,
        token_reason: outcome.tokenFailure ?? undefined,
        shadow_policy_id: outcome.shadow?.policyId,
        shadow_result: outcome.shadow?.result,
        duration_ms: round(durationMs),
      });
    }
    const { analytics } = ready;
    if (!analytics.enabled || analytics.eventsPerSecond <= 0) return;
    analytics.add({ req, outcome, durationMs });
    analytics.flushSoon();
  }

  async scheduled(context: LambdaContext): Promise<{ ok: boolean; sync?: Omit<SyncReport, "reconciled"> & { attached: number; detached: number } }> {
    const ready = this.ready;
    if (!ready) {
      this.log.error("invalid authorizer settings: the scheduled sync is skipped");
      return { ok: false };
    }
    const remaining = context.getRemainingTimeInMillis?.() ?? 10_000;
    const deadline = this.clock.now() + Math.max(1000, remaining - 1500);
    let refreshed = false;
    let result: Awaited<ReturnType<Authorizer["scheduled"]>> = { ok: false };
    try {
      const port = await (this.opts.apiGateway ?? sdkApiGatewayPort)();
      const report = await runSync(
        {
          port,
          pushApiGroups: (body) => ready.system.pushApiGroups(body, PLATFORM_TIMEOUT_MS),
          refreshConfiguration: async () => {
            refreshed = true;
            await ready.store.refresh();
            return ready.store.held();
          },
          log: this.log,
          attach: {
            authorizerName: ready.effective.authorizerName,
            ttlSeconds: ready.effective.authorizerCacheTtl,
            functionArn: context.invokedFunctionArn ?? null,
          },
          deadline,
          clock: this.clock,
          pageLimit: this.opts.syncPageLimit,
        },
        ready.cursor,
      );
      const { reconciled, ...rest } = report;
      const summary = {
        ...rest,
        attached: reconciled.reduce((n, r) => n + r.attached, 0),
        detached: reconciled.reduce((n, r) => n + r.detached, 0),
      };
      this.log.info("sync finished", summary);
      result = { ok: report.errors.length === 0, sync: summary };
    } catch (err) {
      this.log.error("sync failed", { reason: err instanceof Error ? err.message : String(err) });
    }
    // Whatever the sync did, the schedule also keeps the configuration fresh and analytics flowing.
    if (!refreshed) await ready.store.refresh();
    await ready.analytics.drain(deadline);
    return result;
  }

  /** Releases sockets (tests). */
  close(): void {
    this.ready?.http.destroy();
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
