export class CourseFolderError extends Error {}

export interface CourseFolder {
  dir: string;
  /** `notebooks/<file>.md` → text. */
  notebooks: Record<string, string>;
  courseYml: string | null;
  functionsPath: string | null;
  publicDir: string | null;
  /** Every file under public/, relative to it, with forward slashes. */
  publicFiles: string[];
}

/** The folder, resolved; throws a CourseFolderError (one line for the user) when it is not a course. */
export function assertCourseFolder(dirArg: string): string;
export function readCourseFolder(dirArg: string): CourseFolder;
