/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Registers the service worker (production builds only: see App) and, when a new deployment has
 * been installed beside the running one, offers to switch. Reloading is the student's choice, so an
 * answer being typed is never lost; saved answers live in IndexedDB, which the update leaves alone.
 * The live region is always present so that screen readers announce the offer when it appears.
 */
export default function UpdateBanner() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  return (
    <div role="status" data-update-banner>
      {needRefresh && (
        <div className="banner warning">
          <p>A new version is available</p>
          <button type="button" data-action="reload-update" onClick={() => void updateServiceWorker(true)}>
            Reload
          </button>
        </div>
      )}
    </div>
  );
}
