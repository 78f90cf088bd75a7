/** The course Vite serves (GRADBOOK_COURSE, else this repo's demo), from scripts/gradbook/course.ts. */
declare module 'virtual:gradbook-course' {
  /** The course parsed when it was built (or last changed under `gradbook dev`). */
  export const loaded: import('./notebook/course').LoadedCourse;
  /** `notebooks/<file>.md` → its text; only the author's preview gets it (empty in a build). */
  export const notebooks: Record<string, string>;
  export const courseYml: string | null;
  /** The named exports of the course's functions.js (empty without one). */
  export const functions: Record<string, unknown>;
  /** Files under the course's public/, relative to it, for the author's lint of asset links. */
  export const assets: string[];
  /** True only under `gradbook dev`: the author's preview of keys and lint messages. */
  export const authorPreview: boolean;
}
