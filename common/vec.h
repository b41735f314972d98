/* vec: growable arrays.  An array is a pointer, a count and a capacity in
 * elements (size_t) that the caller keeps; VEC_RESERVE makes room. */
#ifndef AGENTCI_VEC_H
#define AGENTCI_VEC_H

#include <stddef.h>

/* v (cap elements of size bytes) reallocated to hold need: the capacity
 * doubles, or jumps to need when that is more, and starts at 8. */
void *vec_grow(void *v, size_t *cap, size_t need, size_t size);

/* Make room for need elements in v; v and cap are updated in place, need
 * is evaluated twice.  The test stays inline: pushes in hot loops pay a
 * compare, not a call. */
#define VEC_RESERVE(v, cap, need) ((void)((need) > (cap) && ((v) = vec_grow((v), &(cap), (need), sizeof *(v))) != NULL))

#endif
