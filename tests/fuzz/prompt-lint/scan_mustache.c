/* libFuzzer: scan_mustache.c (ENG_MUSTACHE, ENG_HANDLEBARS, ENG_DOTPROMPT). */
#define FUZZ_ENGINES ENG_MUSTACHE, ENG_HANDLEBARS, ENG_DOTPROMPT
#include "fuzz_scan.h"
