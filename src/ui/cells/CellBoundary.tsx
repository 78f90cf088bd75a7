import { Component, type ReactNode } from 'react';

/** One broken cell shows a message in its place; the rest of the notebook keeps working. */
export class CellBoundary extends Component<{ label: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <div className="cell-error" role="alert">
          Something went wrong in {this.props.label}: {this.state.error.message}. Your saved answers are not affected; reload the page to try again.
        </div>
      );
    }
    return this.props.children;
  }
}
