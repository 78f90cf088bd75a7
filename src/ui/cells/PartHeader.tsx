import { CopyLinkButton } from '../CopyLinkButton';

/** A part's id, its points (and a note on how they are given), and a link to it on the student's page. */
export function PartHeader({ id, points, extra, link }: { id: string; points?: number; extra?: string; link?: string }) {
  return (
    <header className="part-header">
      <span className="part-id">({id})</span>
      {points !== undefined && (
        <span className="points">
          {points} {points === 1 ? 'point' : 'points'}
          {extra ? ` · ${extra}` : ''}
        </span>
      )}
      {link !== undefined && <CopyLinkButton hash={link} />}
    </header>
  );
}

/** The patch for an edited answer: the old verdict goes, so it never describes a different answer. */
export const editedInput = (input: string) => ({ input, verdict: undefined, message: undefined, score: undefined, checkedAt: undefined });
