import { z } from "zod";
import { recordAudit, type AuditActor } from "../audit/record";
import type { Db } from "../db/client";
import { readSetting, writeSetting, type StoredSetting } from "../settings/store";

/**
 * The artifacts bucket: where the console puts the authorizer zip and the template, one per
 * account and region (Lambda reads its code only from a bucket in its own region). Default name
 * `gatehouse-artifacts-{account}-{region}`; an admin may set another, with `{account}` and
 * `{region}` placeholders for several regions.
 */
export const ARTIFACTS_BUCKET_KEY = "aws.artifacts_bucket";
export const DEFAULT_BUCKET_PATTERN = "gatehouse-artifacts-{account}-{region}";

const S3_BUCKET = /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function bucketName(pattern: string, account: string, region: string): string {
  return pattern.replaceAll("{account}", account).replaceAll("{region}", region);
}

export const artifactsBucketPattern = z
  .string()
  .trim()
  .min(3)
  .max(80)
  .refine((p) => S3_BUCKET.test(bucketName(p, "123456789012", "ap-southeast-2")), {
    message: "must give a valid S3 bucket name (3–63 lowercase letters, digits, dots or hyphens) after {account} and {region} are filled in",
  });

export const updateAwsSettingsBodySchema = z.object({
  artifacts_bucket: artifactsBucketPattern.nullable(),
  version: z.number().int().min(0).optional().meta({ description: "The version read (or the If-Match header); left out, the change is unconditional." }),
});
export type UpdateAwsSettingsBody = z.infer<typeof updateAwsSettingsBodySchema>;

export interface AwsSettingsView {
  artifacts_bucket: string | null;
  artifacts_bucket_default: string;
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

function toView(s: StoredSetting<string>): AwsSettingsView {
  return {
    artifacts_bucket: s.value,
    artifacts_bucket_default: DEFAULT_BUCKET_PATTERN,
    version: s.version,
    updated_at: s.updatedAt?.toISOString() ?? null,
    updated_by: s.updatedBy,
  };
}

export async function getAwsSettings(db: Db): Promise<AwsSettingsView> {
  return toView(await readSetting<string>(db, ARTIFACTS_BUCKET_KEY));
}

export async function updateAwsSettings(db: Db, body: UpdateAwsSettingsBody, actor: AuditActor): Promise<AwsSettingsView> {
  return db.transaction(async (tx) => {
    const before = await readSetting<string | null>(tx, ARTIFACTS_BUCKET_KEY);
    const stored = await writeSetting<string | null>(tx, ARTIFACTS_BUCKET_KEY, body.artifacts_bucket, actor.username, body.version);
    await recordAudit(tx, actor, {
      action: "console_setting.update",
      targetType: "console_setting",
      targetId: ARTIFACTS_BUCKET_KEY,
      targetName: "Artifacts bucket",
      before: { artifacts_bucket: before.value ?? null },
      after: { artifacts_bucket: stored.value ?? null },
    });
    return toView({ ...stored, value: stored.value ?? null });
  });
}

/** The artifacts bucket for an account and region. */
export async function artifactsBucketFor(db: Db, account: string, region: string): Promise<string> {
  const { value } = await readSetting<string | null>(db, ARTIFACTS_BUCKET_KEY);
  return bucketName(value ?? DEFAULT_BUCKET_PATTERN, account, region);
}
