/** A choice part's key ("a, c") as option ids: apart from the other keys, which need the expression library. */
export const choiceKeyIds = (key: string): string[] => key.split(/[\s,]+/).filter(Boolean);
