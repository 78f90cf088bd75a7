import { BACKEND_CHOICES } from '../../worker/trainProtocol';

/** The `<option>`s of a backend `<select>`. */
export function BackendOptions() {
  return (
    <>
      {BACKEND_CHOICES.map((b) => (
        <option key={b} value={b}>
          {b === 'auto' ? 'auto (fastest)' : b}
        </option>
      ))}
    </>
  );
}
