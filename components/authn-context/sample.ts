/**
 * The Lambda-proxy event from the Cloudentity AWS Lambda Authorizer guide ("Get Authentication Context
 * Data"), as the guide's lambda_handler dumps it. The guide's listing lost its closing brackets and array
 * items in rendering; this is it made valid JSON again with the fields it shows: multiValueHeaders repeat
 * the headers as one-item lists, "Accept" is restored to the wildcard that rendered as "_/_", and values
 * the guide left blank (Host, X-Forwarded-For, sourceIp, domainName) stay blank. The authnCtx is the
 * guide's, byte for byte.
 */

/** The guide's base64 authentication context (its claims expired on 26 Nov 2020). */
export const SAMPLE_AUTHN_CTX =
  "eyJhY3IiOiIxIiwiYWlkIjoiZGVmYXVsdCIsImFtciI6WyJwd2QiXSwiYXVkIjpbImJ1dm9zbjg0bXEwZG52YzMwc2wwIiwic3BpZmZlOi8vZGV2LmFjcC5pbnQuY2xvdWRlbnRpdHkuY29tL3FreTFmemhnOG9vNmcxMGRseXFwL2RlZmF1bHQvYnV2b3NmODRtcTBkbnZjMzBydWciXSwiZXhwIjoxNjA2MzkyOTUwLCJpYXQiOjE2MDYzODkzNDksImlkcCI6ImRlZmF1bHQiLCJpc3MiOiJodHRwczovL2Rldi5hY3AuaW50LmNsb3VkZW50aXR5LmNvbTo4NDQzL3FreTFmemhnOG9vNmcxMGRseXFwL2RlZmF1bHQiLCJqdGkiOiJlNjcwZjQyMS1iMDQ3LTQ5MzItYTBiMi0zYTQzM2FkNzk0NjkiLCJuYmYiOjE2MDYzODkzNDksInNjcCI6WyJhbWF6b25fYXBpX3Njb3BlIl0sInN0IjoicHVibGljIiwic3ViIjoidXNlciIsInRpZCI6InFreTFmemhnOG9vNmcxMGRseXFwIn0=";

const headers = {
  Accept: "*/*",
  "Accept-Encoding": "gzip,deflate",
  Authorization: "bearer {AT}",
  Host: "",
  "jaeger-baggage": "correlation-id=integration-tests-861d4f6a-c28a-438a-9497-349ee9d417ca",
  "X-Amzn-Trace-Id": "Root=1-5fbf8e67-0d372b7e46b9eb9b611d3a8f",
  "X-Forwarded-For": "",
  "X-Forwarded-Port": "443",
  "X-Forwarded-Proto": "https",
};

const event = {
  resource: "/",
  path: "/",
  httpMethod: "GET",
  headers,
  multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: {
    resourceId: "is27l9o1a2",
    authorizer: {
      authnCtx: SAMPLE_AUTHN_CTX,
      principalId: "user",
      integrationLatency: 9637,
    },
    resourcePath: "/",
    httpMethod: "GET",
    extendedRequestId: "WnMwMGmXIAMFkgw=",
    requestTime: "26/Nov/2020:11:15:51 +0000",
    path: "/stage/",
    accountId: "863611872174",
    protocol: "HTTP/1.1",
    stage: "stage",
    domainPrefix: "v4npdwpiab",
    requestTimeEpoch: 1606389351579,
    requestId: "aea1cf05-c864-452c-a9cd-90ca90f992ae",
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: "",
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: null,
      user: null,
    },
    domainName: "",
    apiId: "v4npdwpiab",
  },
  body: null,
  isBase64Encoded: false,
};

/** The guide's Lambda-proxy event, pretty-printed. */
export const SAMPLE_EVENT: string = JSON.stringify(event, null, 2);
