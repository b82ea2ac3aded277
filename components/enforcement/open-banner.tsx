"use client";

/** The loud one: APIs with a policy that the deployed stage lets through. */
export function OpenAtGatewayBanner({ count, href }: { count: number | undefined; href?: string }) {
  if (!count) return null;
  return (
    <div role="alert" data-testid="open-at-gateway-banner" className="rounded-md border border-red-300 bg-red-600 p-3 text-sm font-medium text-white">
      {count} API{count === 1 ? " has" : "s have"} a policy but {count === 1 ? "is" : "are"} <strong>open at the gateway</strong>: the deployed stage has no
      authorizer on {count === 1 ? "it" : "them"}, so API Gateway lets every request through. Attach (Sync now) and redeploy.
      {href && (
        <a className="ml-2 underline" href={href}>
          Show them
        </a>
      )}
    </div>
  );
}
