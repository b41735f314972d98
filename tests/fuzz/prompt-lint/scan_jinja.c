/* libFuzzer: scan_jinja.c (ENG_JINJA2, ENG_LIQUID). */
#define FUZZ_ENGINES ENG_JINJA2, ENG_LIQUID
#include "fuzz_scan.h"
