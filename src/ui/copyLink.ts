/** Absolute link for a hash route; falls back to showing the link when the clipboard is blocked. */
export function absoluteLink(hash: string): string {
  return `${window.location.origin}${window.location.pathname}${hash}`;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
