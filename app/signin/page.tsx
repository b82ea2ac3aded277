import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { browserOrigin, env, oidcConfigured } from "@/lib/env";
import { optionalPageCaller } from "../_server/caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Gatehouse" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, browserOrigin());
  if (await optionalPageCaller()) redirect(callbackUrl);
  const e = env();
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 text-lg font-semibold text-white">G</div>
          <h1 className="text-xl font-semibold">Sign in to Gatehouse</h1>
        </div>
        <SignInForm callbackUrl={callbackUrl} oidc={oidcConfigured(e) ? { name: e.OIDC_NAME } : null} initialError={error} />
      </div>
    </main>
  );
}
