/**
 * The answers store shared by every page. It lives in its own module (not in App.tsx) so that pages
 * and hooks can read it without importing the app shell that imports them.
 */
import { createContext } from 'react';
import type { AnswersStore } from '../notebook/store';

export const StoreContext = createContext<AnswersStore | null>(null);
