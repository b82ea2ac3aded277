/**
 * Copying text to the clipboard from a click: navigator.clipboard where the browser allows it,
 * else the legacy execCommand("copy") (plain-HTTP consoles are not a secure context, and some
 * browsers refuse the API in a permissions policy); false when neither works, so the caller can
 * offer the text for a manual copy. Written by hand: clipboard packages wrap these same two calls,
 * and the fallback's details (restore focus, keep the page from scrolling) are a few lines.
 */

/** Copies `text`; true when it reached the clipboard. */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    const clipboard = typeof navigator === "undefined" ? undefined : (navigator.clipboard as Clipboard | undefined);
    if (clipboard && typeof clipboard.writeText === "function") {
      await clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied, or not a secure context: try the legacy way.
  }
  return legacyCopy(text);
}

function legacyCopy(text: string): boolean {
  if (typeof document === "undefined" || typeof document.execCommand !== "function") return false;
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.top = "0";
  area.style.left = "0";
  area.style.opacity = "0";
  document.body.appendChild(area);
  try {
    area.select();
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    previous?.focus();
  }
}
