import Link from "next/link";

export const metadata = { title: "Not found · Gatehouse" };

/**
 * The console's own 404 page: Next.js's built-in one carries an inline <style> without the
 * page's nonce, which the Content-Security-Policy (proxy.ts) refuses.
 */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="text-center">
        <h1 className="text-xl font-semibold">This page could not be found.</h1>
        <p className="mt-2 text-sm text-slate-600">
          <Link href="/" className="text-indigo-600 hover:underline">Go to the console</Link>
        </p>
      </div>
    </main>
  );
}
