"""moto_server with the few API Gateway control-plane behaviours Gatehouse relies on and that
moto 5.2 lacks: UpdateMethod (attaching/detaching an authorizer with patch operations) and
`limit`/`position` paging of GetRestApis, GetResources and GetStages-like lists.

Usage: python3 test/moto/gatehouse_moto_server.py -H 127.0.0.1 -p 5000   (same flags as moto_server)
Test and sandbox tooling only: the product always calls the real AWS API.
"""
import json
import sys

from moto.apigateway.responses import APIGatewayResponse
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


APIGatewayResponse.update_method = update_method
APIGatewayResponse.get_rest_apis = get_rest_apis
APIGatewayResponse.get_resources = get_resources

if __name__ == "__main__":
    main(sys.argv[1:])
