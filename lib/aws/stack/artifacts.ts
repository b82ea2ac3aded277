import { awsClients } from "../clients";
import { ensureBucket, objectUrl, templateKey, uploadIfMissing, zipKey } from "../artifacts";
import { authorizerPackage } from "../package";
import { artifactsBucketFor } from "../settings";
import { authorizerTemplate, type AuthorizerTemplate } from "../template";
import type { Db } from "../../db/client";

/**
 * Everything a stack needs in its region before CloudFormation runs: the artifacts bucket, the
 * zip under its content hash and the template under its content hash (each uploaded only when
 * missing).
 */
export interface PreparedArtifacts {
  bucket: string;
  codeKey: string;
  codeSha256: string;
  templateKey: string;
  templateUrl: string;
  template: AuthorizerTemplate;
  version: string;
  uploaded: { bucket: boolean; code: boolean; template: boolean };
}

export async function prepareArtifacts(db: Db, account: string, region: string): Promise<PreparedArtifacts> {
  const { s3 } = awsClients(region);
  const bucket = await artifactsBucketFor(db, account, region);
  const template = authorizerTemplate();
  const pkg = await authorizerPackage();
  const created = await ensureBucket(s3, bucket, region);
  const code = await uploadIfMissing(s3, bucket, zipKey(pkg.sha256), pkg.bytes, "application/zip");
  const tKey = templateKey(template.sha256);
  const tpl = await uploadIfMissing(s3, bucket, tKey, template.body, "application/x-yaml");
  return {
    bucket,
    codeKey: zipKey(pkg.sha256),
    codeSha256: pkg.sha256,
    templateKey: tKey,
    templateUrl: objectUrl(bucket, tKey, region),
    template,
    version: pkg.version,
    uploaded: { bucket: created.created, code: code.uploaded, template: tpl.uploaded },
  };
}
