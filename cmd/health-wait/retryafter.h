/* retryafter: the Retry-After header of a "come back later" answer
 * (429, 503, ...), which a rate-limited LLM gateway sends to say when to
 * ask again; RFC 9110 section 10.2.3. */
#ifndef HW_RETRYAFTER_H
#define HW_RETRYAFTER_H

#include <stdint.h>

/* Milliseconds from now_unix that the Retry-After header in headers (a raw
 * header block, "Name: value\r\n" lines) asks for: delay-seconds ("120")
 * or an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT"; 0 when it has
 * passed).  -1 when there is no such header or its value is neither. */
int64_t retry_after_ms(const char *headers, int64_t now_unix);

#endif
