/** The console's sections. `ready: false` marks a section whose feature has not shipped yet. */
export interface NavItem {
  href: string;
  label: string;
  group?: string;
  ready: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/gateways", label: "Gateways", ready: true },
  { href: "/enforcement/apis", label: "APIs", group: "Enforcement", ready: true },
  { href: "/services", label: "Services", group: "Enforcement", ready: true },
  { href: "/policies", label: "Policies", ready: true },
  { href: "/audit", label: "Audit log", ready: true },
  { href: "/authn-context", label: "Authn context decoder", ready: true },
  { href: "/settings", label: "Settings", ready: true },
];
