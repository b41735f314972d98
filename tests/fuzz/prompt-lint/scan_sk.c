/* libFuzzer: scan_sk.c (ENG_SK). */
#define FUZZ_ENGINES ENG_SK
#include "fuzz_scan.h"
