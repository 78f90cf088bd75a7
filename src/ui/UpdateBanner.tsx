/// <reference types="vite-plugin-pwa/react" />
import { useRef } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * The browser looks for a new service worker only when a page is opened; a tab left open for a day
 * (the homework of the week) would never hear of a new deployment without asking now and then.
 */
const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * Registers the service worker (production builds only: see App) and, when a new deployment has
 * been installed beside the running one, offers to switch. Reloading is the student's choice, so an
 * answer being typed is never lost; saved answers live in IndexedDB, which the update leaves alone.
 * The live region is always present so that screen readers announce the offer when it appears.
 */
export default function UpdateBanner() {
  const registration = useRef<ServiceWorkerRegistration | undefined>(undefined);
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, r) {
      registration.current = r;
      if (!r) return;
      setInterval(() => {
        // Offline the check can only fail; a failed check changes nothing, so it is not reported.
        if (navigator.onLine) r.update().catch(() => undefined);
      }, CHECK_EVERY_MS);
    },
  });
  const reload = () => {
    if (navigator.serviceWorker.controller) return void updateServiceWorker(true);
    // A page from the first visit is not controlled by the worker (vite.config.ts: clientsClaim), so
    // it gets no 'controlling' event to reload on. With no page under the old worker, the new one is
    // already active and serves the reload; if another tab still holds the old one, the new worker
    // waits, and this page reloads once it has taken over.
    const waiting = registration.current?.waiting;
    if (!waiting) return window.location.reload();
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'activated') window.location.reload();
    });
    void updateServiceWorker(true);
  };
  return (
    <div role="status" data-update-banner>
      {needRefresh && (
        <div className="banner warning">
          <p>A new version is available</p>
          <button type="button" data-action="reload-update" onClick={reload}>
            Reload
          </button>
        </div>
      )}
    </div>
  );
}
