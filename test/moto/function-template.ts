/**
 * The CloudFormation resources of one Lambda function (its role and the function, code from S3)
 * for emulator tests that need a real function in moto.
 */
export function functionResources(opts: { functionName: string; bucket: string; key: string; variables?: Record<string, string> }) {
  return {
    Role: {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
      },
    },
    Fn: {
      Type: "AWS::Lambda::Function",
      Properties: {
        FunctionName: opts.functionName,
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Role: { "Fn::GetAtt": ["Role", "Arn"] },
        Code: { S3Bucket: opts.bucket, S3Key: opts.key },
        ...(opts.variables ? { Environment: { Variables: opts.variables } } : {}),
      },
    },
  };
}
