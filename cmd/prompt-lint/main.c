#include "cli.h"
#include "tokens.h"
#include <string.h>
int main(int argc, char **argv)
{
	cli_init("prompt-lint");
	if (argc > 1 && strcmp(argv[1], "tokens") == 0)
		return tokens_main(argc - 1, argv + 1);
	return 0;
}
