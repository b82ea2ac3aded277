import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError, ERROR_CODES, ERROR_STATUS, errorResponse, unprocessable } from "./errors";

/** The `| \`code\` | status | meaning |` rows of docs/admin-api.md's table of error codes. */
function documentedCodes(): Record<string, number> {
  const doc = readFileSync(path.join(__dirname, "../../docs/admin-api.md"), "utf8");
  const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \| .+ \|$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1]!, Number(m[2])]));
}

describe("error codes", () => {
  it("docs/admin-api.md lists every code with its status, and no other", () => {
    expect(documentedCodes()).toEqual({ ...ERROR_STATUS });
  });

  it("the status derives from the code", async () => {
    for (const code of ERROR_CODES) expect(new ApiError(code, "x").status).toBe(ERROR_STATUS[code]);
    const invalid = unprocessable("The request body is invalid.", [{ path: "name", message: "give it a name" }]);
    const res = errorResponse(invalid);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "invalid_request", message: "The request body is invalid.", fields: [{ path: "name", message: "give it a name" }] } });
  });
});
