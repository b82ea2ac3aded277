/** The console's sections. `ready: false` marks a section whose feature has not shipped yet. */
export interface NavItem {
  href: string;
  label: string;
  group?: string;
  ready: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/gateways", label: "Gateways", ready: true },
  { href: "/enforcement/apis", label: "APIs", group: "Enforcement", ready: false },
  { href: "/policies", label: "Policies", ready: false },
  { href: "/authn-context", label: "Authn context decoder", ready: true },
  { href: "/settings", label: "Settings", ready: true },
];
