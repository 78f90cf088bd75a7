/** How a matrix part gives credit, in words: apart from the checker, so a page can say it before the checker loads. */
import type { MatrixCredit } from '../notebook/types';

/** The rule in words, for the student's message. */
export function describeCredit(rule: MatrixCredit): string {
  switch (rule.by) {
    case 'entries':
      return 'partial credit by entries';
    case 'rows':
      return 'partial credit by rows (a row counts when every entry in it is right)';
    case 'all':
      return 'credit only when every entry is right';
    case 'threshold':
      return `partial credit by entries once at least ${Math.round(rule.fraction * 100)}% of them are right`;
  }
}
