/* libFuzzer: scan_fstring.c (ENG_FSTRING). */
#define FUZZ_ENGINES ENG_FSTRING
#include "fuzz_scan.h"
