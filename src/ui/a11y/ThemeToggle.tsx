import { useThemeChoice, type ThemeChoice } from '../theme';

/** Light, dark, or the system's choice; remembered in this browser. */
export function ThemeToggle() {
  const [choice, setChoice] = useThemeChoice();
  return (
    <label className="theme-toggle">
      <span>Theme</span>
      <select value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)} data-theme-choice>
        <option value="auto">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
