import { AuthnContextDecoder } from "@/components/authn-context/decoder";

export const metadata = { title: "Authn context decoder · Gatehouse" };

export default function AuthnContextPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Authn context decoder</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Paste the base64 <code className="font-mono text-xs">authnCtx</code> that the authorizer hands your backend in{" "}
        <code className="font-mono text-xs">requestContext.authorizer</code> when it runs with{" "}
        <code className="font-mono text-xs">AWS_INJECT_CONTEXT=true</code>, a whole Lambda-proxy event, or a JWT, to see its
        claims and what they mean (decoded only: nothing here checks a signature). Decoding happens in your browser; nothing you paste leaves this page.
      </p>
      <AuthnContextDecoder />
    </div>
  );
}
