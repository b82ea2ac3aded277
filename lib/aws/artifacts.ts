import "server-only";
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type BucketLocationConstraint,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ApiError } from "../api/errors";
import { awsEndpointOverride } from "./endpoint";
import { awsApiError, describeAwsError } from "./errors";

/**
 * The artifacts bucket of an account and region, and content-addressed uploads into it
 * (`authorizer/<sha256>.zip`, `templates/<sha256>.yaml`): a changed object never hides under an
 * old key, and an object already there is not uploaded again.
 */
export const zipKey = (sha256: string) => `authorizer/${sha256}.zip`;
export const templateKey = (sha256: string) => `templates/${sha256}.yaml`;

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** Makes sure the bucket exists, is ours, and is in `region` (the function's region). */
export async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<{ created: boolean }> {
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    if (head.BucketRegion && head.BucketRegion !== region) {
      throw new ApiError(
        "artifacts_bucket_region",
        `The artifacts bucket ${bucket} is in ${head.BucketRegion}, but the authorizer runs in ${region}: Lambda reads its code only from a bucket in its own region. Choose a bucket name with {region} in Settings › AWS.`,
      );
    }
    return { created: false };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const status = httpStatus(err);
    if (status === 403) {
      throw new ApiError(
        "artifacts_bucket_forbidden",
        `The artifacts bucket ${bucket} exists but the console may not use it (it may belong to another account). Set another bucket name in Settings › AWS.`,
      );
    }
    if (status !== 404 && describeAwsError(err).kind !== "not_found") throw awsApiError(err, `check the artifacts bucket ${bucket}`);
  }
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    return { created: true };
  } catch (err) {
    const f = describeAwsError(err);
    if (/BucketAlreadyOwnedByYou/.test(f.code)) return { created: false };
    if (/BucketAlreadyExists/.test(f.code)) {
      throw new ApiError("artifacts_bucket_taken", `The bucket name ${bucket} is taken by another AWS account. Set another name in Settings › AWS.`);
    }
    throw awsApiError(err, `create the artifacts bucket ${bucket} in ${region}`);
  }
}

/** Uploads unless an object is already under the (content-addressed) key. */
export async function uploadIfMissing(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<{ uploaded: boolean }> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { uploaded: false };
  } catch (err) {
    if (httpStatus(err) !== 404 && describeAwsError(err).kind !== "not_found") throw awsApiError(err, `read s3://${bucket}/${key}`);
  }
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return { uploaded: true };
  } catch (err) {
    throw awsApiError(err, `upload s3://${bucket}/${key}`);
  }
}

/** The HTTPS URL of an object, as CloudFormation's TemplateURL wants it. */
export function objectUrl(bucket: string, key: string, region: string): string {
  const endpoint = awsEndpointOverride("S3");
  if (endpoint) return `${endpoint}/${bucket}/${key}`;
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}
