/* age_passphrase: reading a passphrase from the environment or the terminal.
 * The terminal is /dev/tty, not stdin, because stdin may be the data being
 * encrypted. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "age_passphrase.h"
#include "cli.h"
#include "secmem.h"

#define PASS_ENV "SECRET_SEAL_PASSPHRASE"

/* One line from the terminal with echo off. */
static int tty_line(int fd, const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is cosmetic; reading still works */
	}
	size_t n = 0;
	int rc = 0;
	for (;;) {
		char c;
		ssize_t got = read(fd, &c, 1);
		if (got <= 0 || c == '\n')
			break;
		if (n + 1 >= cap) {
			rc = -1;
			continue;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* cosmetic too */
	}
	return rc;
}

int passphrase_read(char *buf, size_t cap, bool confirm)
{
	const char *env = getenv(PASS_ENV);
	if (env) {
		if (strlen(env) + 1 > cap) {
			msg_error("%s is too long", PASS_ENV);
			return -1;
		}
		strcpy(buf, env);
	} else {
		int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			msg_error("a passphrase is needed: set %s or run on a terminal", PASS_ENV);
			return -1;
		}
		int rc = tty_line(fd, "Enter passphrase: ", buf, cap);
		if (rc == 0 && confirm) {
			char *again = secure_alloc(cap);
			rc = tty_line(fd, "Confirm passphrase: ", again, cap);
			if (rc == 0 && strcmp(buf, again) != 0) {
				msg_error("the passphrases do not match");
				rc = -2;
			}
			sodium_free(again);
		}
		close(fd);
		if (rc == -1)
			msg_error("passphrase too long");
		if (rc < 0)
			return -1;
	}
	if (buf[0] == '\0') {
		msg_error("empty passphrase");
		return -1;
	}
	return 0;
}

int passphrase_prompt(char *buf, size_t cap)
{
	return passphrase_read(buf, cap, false);
}
