/**
 * Stack names as CloudFormation accepts them: a letter first, then letters, digits and hyphens,
 * at most 128 characters.
 */
export const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
export const STACK_NAME_RULE = "must start with a letter and contain only letters, digits and hyphens (at most 128 characters)";

export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function defaultStackName(gatewayName: string): string {
  const prefix = "gatehouse-authorizer";
  const s = slug(gatewayName).slice(0, 128 - prefix.length - 1).replace(/-+$/, "");
  return s ? `${prefix}-${s}` : prefix;
}
