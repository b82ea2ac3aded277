"""moto_server with the API Gateway and Lambda behaviours Gatehouse relies on and that moto 5.2
lacks. Test and sandbox tooling only: the product always calls the real AWS API.

Usage: python3 test/moto/gatehouse_moto_server.py -H 127.0.0.1 -p 5000   (same flags as moto_server)

AWS APIs added or corrected:
- UpdateMethod: attaching/detaching an authorizer with patch operations.
- `limit`/`position` paging of GetRestApis and GetResources.
- CreateDeployment snapshots the API as real API Gateway does: per resource and method its
  authorizationType, authorizerId and apiKeyRequired, plus the REST API's authorizers at that
  moment. GetDeployment with `embed=apisummary` returns `apiSummary` in AWS's shape
  (`{"/pets": {"GET": {"authorizationType": "CUSTOM", "apiKeyRequired": false}}}`; it names no
  authorizer, as on AWS). GetDeployment of an unknown id answers 404 NotFoundException.
- GetExport of a stage (GET /restapis/{id}/stages/{stage}/exports/oas30|swagger, parameters
  `extensions=authorizers`): the stage's *deployed* snapshot as OpenAPI, each operation's
  `security` naming its authorizer's scheme, and `x-amazon-apigateway-authorizer` (authorizerUri,
  identitySource, TTL, type) per scheme — as AWS exports it. moto's own export ignores the stage.
- FlushStageAuthorizersCache (DELETE /restapis/{id}/stages/{stage}/cache/authorizers → 202): counts
  the flushes per stage (404 NotFoundException for an unknown API or stage).
- Lambda Invoke (POST /2015-03-31/functions/{name}/invocations): moto's needs Docker. With
  GATEHOUSE_SANDBOX_URL set for this process it is forwarded to the sandbox (sandbox/server.ts),
  which runs the function's real zip: POST {GATEHOUSE_SANDBOX_URL}/_sandbox/invoke
  {"function": name-or-ARN as given, "payload": JSON, "invocationType": "RequestResponse"|"Event"}.
  RequestResponse → 200 with the function's result (X-Amz-Function-Error: Unhandled and an error
  body when it threw); Event → 202, the sandbox runs it in the background; DryRun → 204. Without
  GATEHOUSE_SANDBOX_URL Invoke answers 500 ServiceException saying it needs the sandbox.

Emulator-only reads for the sandbox (no AWS equivalent; unsigned GETs, JSON):
- GET /_gatehouse/restapis/{apiId}/deployments/{deploymentId}/snapshot → 200
  {"restApiId", "deploymentId", "createdDate" (epoch s), "takenAt" (ISO 8601),
   "resources": [{"id", "path", "resourceMethods": {"GET": {"authorizationType",
                  "authorizerId"?, "apiKeyRequired"}}}],
   "authorizers": [{"id", "name", "type", "authorizerUri", "identitySource",
                    "identityValidationExpression"?, "authorizerResultTtlInSeconds", …}]}
  404 {"code": "NotFound"|"NoSnapshot", "message"}: unknown API/deployment, or a deployment
  recorded without a snapshot.
- GET /_gatehouse/restapis/{apiId}/stages/{stage}/authorizer-cache → 200
  {"flushes": n, "flushedAt": ISO 8601 | null}; 404 {"code": "NotFound", "message"} for an
  unknown API or stage.
"""
import copy
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from datetime import datetime, timezone
from urllib.parse import unquote

import moto.apigateway.urls as apigateway_urls
from moto.apigateway.exceptions import NotFoundException
from moto.apigateway.models import APIGatewayBackend, apigateway_backends
from moto.apigateway.responses import APIGatewayResponse
from moto.awslambda.responses import LambdaResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main

_PATCHABLE = {
    "/authorizationType": ("authorization_type", str),
    "/authorizerId": ("authorizer_id", str),
    "/apiKeyRequired": ("api_key_required", lambda v: str(v).lower() == "true"),
    "/operationName": ("operation_name", str),
}


def update_method(self):
    parts = self.path.split("/")
    function_id, resource_id, method_type = parts[2], parts[4], parts[6]
    method = self.backend.get_method(function_id, resource_id, method_type)
    for op in self._get_param("patchOperations") or []:
        path = op.get("path")
        if path == "/authorizationScopes" or path.startswith("/authorizationScopes"):
            if op.get("op") == "remove":
                method.authorization_scopes = None
            elif op.get("op") in ("add", "replace"):
                method.authorization_scopes = list(method.authorization_scopes or []) + [op.get("value")]
            continue
        if path not in _PATCHABLE:
            return 400, {"status": 400}, json.dumps({"message": f"Invalid patch path {path}"})
        attr, convert = _PATCHABLE[path]
        if op.get("op") == "remove":
            setattr(method, attr, None)
        else:
            setattr(method, attr, convert(op.get("value")))
    if method.authorization_type != "CUSTOM" and method.authorization_type != "COGNITO_USER_POOLS":
        method.authorizer_id = None
    return 200, {"status": 200}, json.dumps(method.to_json())


def _paged(self, items):
    """AWS pages lists with `limit` (default 25, max 500) and an opaque `position` token."""
    qs = self.querystring
    limit = int((qs.get("limit") or ["25"])[0])
    limit = max(1, min(limit, 500))
    start = int((qs.get("position") or ["0"])[0] or 0)
    page = items[start : start + limit]
    body = {"item": page}
    if start + limit < len(items):
        body["position"] = str(start + limit)
    return json.dumps(body)


def get_rest_apis(self):
    return _paged(self, [api.to_dict() for api in self.backend.list_apis()])


def get_resources(self):
    function_id = self.path.replace("/restapis/", "", 1).split("/")[0]
    return _paged(self, [r.to_dict() for r in self.backend.get_resources(function_id)])


class _NotFound(NotFoundException):
    code = 404


# --- Deployment snapshots -------------------------------------------------------------------
# Held while CreateDeployment runs and while a snapshot is read, so that a reader who already sees
# a stage pointing at a new deployment never finds that deployment without its snapshot.
_deploy_lock = threading.RLock()


def _take_snapshot(api):
    resources = []
    for resource in list(api.resources.values()):
        methods = {}
        for verb, method in list(resource.resource_methods.items()):
            entry = {
                "authorizationType": method.authorization_type or "NONE",
                "apiKeyRequired": bool(method.api_key_required),
            }
            if method.authorizer_id:
                entry["authorizerId"] = method.authorizer_id
            methods[verb] = entry
        resources.append({"id": resource.id, "path": resource.get_path(), "resourceMethods": methods})
    authorizers = [copy.deepcopy(a.to_json()) for a in list(api.authorizers.values())]
    return {"resources": resources, "authorizers": authorizers}


_original_create_deployment = APIGatewayBackend.create_deployment


def create_deployment(self, function_id, name, description="", stage_variables=None):
    with _deploy_lock:
        snapshot = _take_snapshot(self.get_rest_api(function_id))
        deployment = _original_create_deployment(self, function_id, name, description, stage_variables)
        deployment.gatehouse_snapshot = {
            "restApiId": function_id,
            "deploymentId": deployment.id,
            "createdDate": deployment.created_date,
            "takenAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            **snapshot,
        }
        return deployment


def _api_summary(snapshot):
    """AWS's apisummary: path → method → authorizationType and apiKeyRequired (no authorizer id)."""
    summary = {}
    for resource in snapshot["resources"]:
        if resource["resourceMethods"]:
            summary[resource["path"]] = {
                verb: {"authorizationType": m["authorizationType"], "apiKeyRequired": m["apiKeyRequired"]}
                for verb, m in resource["resourceMethods"].items()
            }
    return summary


def get_deployment(self):
    parts = self.path.split("/")
    function_id, deployment_id = parts[2], parts[4]
    api = self.backend.get_rest_api(function_id)
    deployment = api.deployments.get(deployment_id)
    if deployment is None:
        raise _NotFound("Invalid Deployment identifier specified")
    body = deployment.to_json()
    embed = [e for v in (self.querystring.get("embed") or []) for e in v.split(",")]
    snapshot = getattr(deployment, "gatehouse_snapshot", None)
    if "apisummary" in embed and snapshot is not None:
        body["apiSummary"] = _api_summary(snapshot)
    return 200, {"status": 200, "content-type": "application/json"}, json.dumps(body)


# --- GetExport of a stage's deployed snapshot ------------------------------------------------


def _export(api, stage_name, export_type, with_authorizers):
    stage = api.stages.get(stage_name)
    if stage is None:
        raise _NotFound("Invalid stage identifier specified")
    deployment = api.deployments.get(stage.deployment_id) if stage.deployment_id else None
    with _deploy_lock:
        snapshot = getattr(deployment, "gatehouse_snapshot", None) if deployment is not None else None
        snapshot = copy.deepcopy(snapshot) if snapshot is not None else {**_take_snapshot(api)}
    by_id = {a.get("id"): a for a in snapshot["authorizers"]}
    schemes = {}
    paths = {}
    for resource in snapshot["resources"]:
        ops = {}
        for verb, m in resource["resourceMethods"].items():
            op = {"responses": {}}
            kind = m["authorizationType"]
            if kind == "CUSTOM" and m.get("authorizerId") in by_id:
                a = by_id[m["authorizerId"]]
                name = a.get("name") or a.get("id")
                op["security"] = [{name: []}]
                if with_authorizers:
                    schemes[name] = {
                        "type": "apiKey",
                        "name": "Unused",
                        "in": "header",
                        "x-amazon-apigateway-authtype": "custom",
                        "x-amazon-apigateway-authorizer": {
                            "type": (a.get("type") or "REQUEST").lower(),
                            "authorizerUri": a.get("authorizerUri"),
                            "identitySource": a.get("identitySource"),
                            "authorizerResultTtlInSeconds": a.get("authorizerResultTtlInSeconds", 300),
                        },
                    }
            elif kind == "AWS_IAM":
                op["security"] = [{"sigv4": []}]
                schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
            ops[verb.lower()] = op
        if ops:
            paths[resource["path"]] = ops
    doc = {"info": {"title": api.name, "version": stage.deployment_id or ""}, "paths": paths}
    if export_type == "oas30":
        doc = {"openapi": "3.0.1", **doc, "components": {"securitySchemes": schemes}}
    else:
        doc = {"swagger": "2.0", **doc, "securityDefinitions": schemes}
    return doc


def get_export(self):
    parts = self.path.split("/")
    function_id, stage_name, export_type = parts[2], unquote(parts[4]), parts[6]
    if export_type not in ("oas30", "swagger"):
        return 400, {"status": 400}, json.dumps({"message": f"No API exporter for type '{export_type}'"})
    api = self.backend.get_rest_api(function_id)
    extensions = ",".join(self.querystring.get("extensions") or [])
    doc = _export(api, stage_name, export_type, "authorizers" in extensions)
    return 200, {"status": 200, "content-type": "application/json"}, json.dumps(doc)


# --- FlushStageAuthorizersCache -------------------------------------------------------------


_flush_lock = threading.Lock()


def _flushes(api):
    if not hasattr(api, "gatehouse_authorizer_flushes"):
        api.gatehouse_authorizer_flushes = {}
    return api.gatehouse_authorizer_flushes


def flush_stage_authorizers_cache(self):
    parts = self.path.split("/")
    function_id, stage_name = parts[2], unquote(parts[4])
    self.backend.get_stage(function_id, stage_name)  # 404 NotFoundException for an unknown API or stage
    api = self.backend.get_rest_api(function_id)
    with _flush_lock:
        record = _flushes(api).setdefault(stage_name, {"flushes": 0, "flushedAt": None})
        record["flushes"] += 1
        record["flushedAt"] = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return 202, {"status": 202}, ""


apigateway_urls.url_paths[
    "{0}/restapis/(?P<function_id>[^/]+)/stages/(?P<stage_name>[^/]+)/cache/authorizers/?$"
] = APIGatewayResponse.dispatch


# --- Emulator-only reads for the sandbox: /_gatehouse/… -----------------------------------------


def _find_api(api_id):
    for account in list(apigateway_backends.values()):
        for backend in list(account.values()):
            api = backend.apis.get(api_id)
            if api is not None:
                return api
    return None


def _private_read(method, path):
    parts = [unquote(p) for p in path.split("/")[2:]]
    if method != "GET":
        return 405, {"code": "MethodNotAllowed", "message": "only GET"}
    if len(parts) == 5 and parts[0] == "restapis" and parts[2] == "deployments" and parts[4] == "snapshot":
        with _deploy_lock:
            api = _find_api(parts[1])
            deployment = api.deployments.get(parts[3]) if api is not None else None
            if deployment is None:
                return 404, {"code": "NotFound", "message": f"no deployment {parts[3]} of REST API {parts[1]}"}
            snapshot = getattr(deployment, "gatehouse_snapshot", None)
            if snapshot is None:
                return 404, {"code": "NoSnapshot", "message": f"deployment {parts[3]} was created without a snapshot"}
            return 200, snapshot
    if len(parts) == 5 and parts[0] == "restapis" and parts[2] == "stages" and parts[4] == "authorizer-cache":
        api = _find_api(parts[1])
        if api is None or parts[3] not in api.stages:
            return 404, {"code": "NotFound", "message": f"no stage {parts[3]} of REST API {parts[1]}"}
        with _flush_lock:
            record = dict(_flushes(api).get(parts[3]) or {"flushes": 0, "flushedAt": None})
        return 200, record
    return 404, {"code": "NotFound", "message": f"unknown emulator path {path}"}


_original_dispatch_call = DomainDispatcherApplication.__call__


def _dispatch_call(self, environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.startswith("/_gatehouse/"):
        status, body = _private_read(environ.get("REQUEST_METHOD", "GET"), path)
        data = json.dumps(body).encode("utf-8")
        reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}.get(status, "")
        start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]
    return _original_dispatch_call(self, environ, start_response)


# --- Lambda Invoke through the sandbox ------------------------------------------------------


def _service_error(message, status=500, error_type="ServiceException"):
    # moto takes a response's status from its "status" header, not from the tuple.
    headers = {"status": status, "x-amzn-errortype": error_type, "content-type": "application/json"}
    return status, headers, json.dumps({"__type": error_type, "Type": "Service", "message": message, "Message": message})


def lambda_invoke(self):
    function_name = unquote(self.path.rsplit("/", 2)[-2])
    qualifier = self._get_param("qualifier")
    self.backend.get_function(function_name, qualifier)  # 404 ResourceNotFoundException when unknown
    invocation_type = self.headers.get("X-Amz-Invocation-Type") or "RequestResponse"
    if invocation_type not in ("RequestResponse", "Event", "DryRun"):
        return _service_error(f"invalid X-Amz-Invocation-Type {invocation_type}", 400, "InvalidParameterValueException")
    try:
        raw = self.body.decode("utf-8") if isinstance(self.body, bytes) else (self.body or "")
        payload = json.loads(raw) if raw.strip() else {}
    except ValueError:
        return _service_error("Could not parse request body into json", 400, "InvalidRequestContentException")
    if invocation_type == "DryRun":
        return 204, {"status": 204}, ""
    sandbox = os.environ.get("GATEHOUSE_SANDBOX_URL", "").rstrip("/")
    if not sandbox:
        return _service_error(
            "Invoking a function needs the sandbox (moto's Lambda runtime needs Docker): start "
            "gatehouse_moto_server.py with GATEHOUSE_SANDBOX_URL naming the sandbox (sandbox/server.ts)"
        )
    request = urllib.request.Request(
        f"{sandbox}/_sandbox/invoke",
        data=json.dumps({"function": function_name, "payload": payload, "invocationType": invocation_type}).encode("utf-8"),
        headers={"content-type": "application/json"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    try:
        with opener.open(request, timeout=120) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        status, headers, body = err.code, err.headers, err.read()
    except (urllib.error.URLError, OSError) as err:
        return _service_error(f"could not reach the sandbox at {sandbox}: {err}")
    if status == 202:
        return 202, {"status": 202, "content-type": "application/json"}, ""
    if status != 200:
        message = body.decode("utf-8", "replace")
        return _service_error(f"the sandbox could not invoke {function_name} ({status}): {message}")
    out = {"status": 200, "content-type": "application/json", "x-amz-executed-version": "$LATEST"}
    if headers.get("x-amz-function-error"):
        out["x-amz-function-error"] = headers.get("x-amz-function-error")
    return 200, out, body


APIGatewayResponse.update_method = update_method
APIGatewayResponse.get_rest_apis = get_rest_apis
APIGatewayResponse.get_resources = get_resources
APIGatewayResponse.get_deployment = get_deployment
APIGatewayResponse.get_export = get_export
APIGatewayResponse.flush_stage_authorizers_cache = flush_stage_authorizers_cache
APIGatewayBackend.create_deployment = create_deployment
DomainDispatcherApplication.__call__ = _dispatch_call
LambdaResponse.invoke = lambda_invoke

if __name__ == "__main__":
    main(sys.argv[1:])
