import { ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { randomUUID } from "node:crypto";
import type { AwsClients } from "./aws";
import type { FunctionRuntime } from "./functions";

/**
 * Delivers EventBridge scheduled events to the Lambda targets of enabled `rate(…)`/`cron(…)` rules,
 * every `intervalMs` (a minute by default, as `rate(1 minute)` would).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly aws: AwsClients,
    private readonly functions: FunctionRuntime,
    private readonly region: string,
    private readonly accountId: () => string,
    private readonly log: (line: string) => void,
  ) {}

  async tick(): Promise<number> {
    let delivered = 0;
    try {
      const rules = (await this.aws.events.send(new ListRulesCommand({}))).Rules ?? [];
      for (const rule of rules) {
        if (rule.State !== "ENABLED" || !rule.ScheduleExpression) continue;
        const targets = (await this.aws.events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }))).Targets ?? [];
        for (const t of targets) {
          if (!t.Arn?.includes(":lambda:") && !t.Arn?.includes(":function:")) continue;
          const event = {
            version: "0",
            id: randomUUID(),
            "detail-type": "Scheduled Event",
            source: "aws.events",
            account: this.accountId(),
            time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
            region: this.region,
            resources: [rule.Arn],
            detail: {},
          };
          const result = await this.functions.invoke(t.Arn, event);
          delivered++;
          if (!result.ok) this.log(`scheduled event to ${t.Arn} failed: ${result.errorMessage}`);
        }
      }
    } catch (err) {
      this.log(`scheduler: ${(err as Error).message}`);
    }
    return delivered;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
