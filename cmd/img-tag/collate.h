/* collate: string order of JavaScript's localeCompare with ICU's root
 * collation, which the action uses to sort labels: punctuation before
 * digits before letters, case ignored first, then lower before upper. */
#ifndef IMG_TAG_COLLATE_H
#define IMG_TAG_COLLATE_H

/* <0, 0 or >0 like strcmp.  ASCII and the Latin letters of
 * U+00C0..U+017F follow ICU's root order (accents after the plain
 * letter, then case); other characters sort after every letter, by code
 * point. */
int collate_cmp(const char *a, const char *b);

#endif
