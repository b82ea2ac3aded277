/**
 * The pets REST API the handler's unit tests configure (configurationOf): GET /pets open,
 * GET /pets/{petId} needs the scope pets:read, DELETE /pets/{petId} is blocked, POST /pets needs
 * the header X-Tenant: acme. API ids are `<idPrefix>list`, `…read`, `…delete` and `…create`.
 */
export function petsApis(idPrefix = "") {
  return [
    { id: `${idPrefix}list`, method: "GET", path: "/pets" },
    { id: `${idPrefix}read`, method: "GET", path: "/pets/{petId}", policy_id: "scoped" },
    { id: `${idPrefix}delete`, method: "DELETE", path: "/pets/{petId}", policy_id: "block" },
    { id: `${idPrefix}create`, method: "POST", path: "/pets", policy_id: "tenant" },
  ];
}

export const PETS_POLICIES = [
  { id: "scoped", validators: [{ name: "identity-context", conf: { fields: [{ field: "scp", comparator: "contains", value: "pets:read" }] } }] },
  { id: "block", validators: [{ name: "false" }] },
  { id: "tenant", validators: [{ name: "header", conf: { fields: [{ field: "X-Tenant", comparator: "equals", value: "acme" }] } }] },
];
