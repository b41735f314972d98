#include "commands.h"
int estimate_main(int c, char **v){(void)c;(void)v;return 0;}
int diff_main(int c, char **v){(void)c;(void)v;return 0;}
int prices_main(int c, char **v){(void)c;(void)v;return 0;}
