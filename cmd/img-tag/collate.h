/* collate: string order of JavaScript's localeCompare with ICU's root
 * collation, which the action uses to sort labels: punctuation before
 * digits before letters, case ignored first, then lower before upper. */
#ifndef IMG_TAG_COLLATE_H
#define IMG_TAG_COLLATE_H

/* <0, 0 or >0 like strcmp.  ASCII follows the CLDR root order; other
 * characters sort after ASCII letters by code point. */
int collate_cmp(const char *a, const char *b);

#endif
