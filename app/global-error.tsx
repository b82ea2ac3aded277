"use client";

/**
 * What a page shows when rendering it failed outright. The console's own, because Next.js's
 * built-in one carries an inline <style> without the page's nonce, which the
 * Content-Security-Policy (proxy.ts) refuses. Plain markup: the root layout's styles may be gone.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>Something went wrong on the server.</h1>
          <p>The error was logged.</p>
          <button type="button" onClick={() => reset()}>Try again</button>
        </main>
      </body>
    </html>
  );
}
