/* aws_config: a small INI reader for the AWS shared files. */
#include "aws_config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fs.h"
#include "keyhttp.h"
#include "secmem.h"

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e;
}

static const char *skip_blank(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* Find key in [section]: 1 with its value in [*v, *ve), else 0.  *seen
 * tells whether the section exists (key NULL only asks that). */
static int find(const char *buf, size_t len, const char *section, const char *key, const char **v, const char **ve,
		bool *seen)
{
	const char *p = buf, *end = buf + len;
	bool in = false;
	size_t sl = strlen(section), kl = key ? strlen(key) : 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = skip_blank(p, le), *e = trim_end(s, le);
		p = nl ? nl + 1 : end;
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			const char *n = skip_blank(s + 1, e), *ne = e;
			if (ne > n && ne[-1] == ']')
				ne = trim_end(n, ne - 1);
			in = (size_t)(ne - n) == sl && !memcmp(n, section, sl);
			if (in)
				*seen = true;
			continue;
		}
		if (!in || !key)
			continue;
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (!eq)
			continue;
		const char *ke = trim_end(s, eq);
		if ((size_t)(ke - s) == kl && !memcmp(s, key, kl)) {
			*v = skip_blank(eq + 1, e);
			*ve = e;
			return 1;
		}
	}
	return 0;
}

int aws_ini_get(const char *buf, size_t len, const char *section, const char *key, bool secret, char **out)
{
	const char *v, *ve;
	bool seen = false;
	if (!buf || !find(buf, len, section, key, &v, &ve, &seen))
		return 0;
	*out = secret ? keyhttp_secstr(v, (size_t)(ve - v)) : xstrndup(v, (size_t)(ve - v));
	return 1;
}

bool aws_ini_has(const char *buf, size_t len, const char *section)
{
	const char *v, *ve;
	bool seen = false;
	if (buf)
		find(buf, len, section, NULL, &v, &ve, &seen);
	return seen;
}

/* The whole file in locked memory (it may hold secret keys), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
		close(fd);
		return NULL;
	}
	char *b = secure_alloc((size_t)st.st_size + 1);
	size_t n = 0;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, b + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*len = n;
	return b;
}

static char *file_path(const char *env, const char *def)
{
	const char *e = getenv(env);
	if (e && *e)
		return fs_expand_home(e);
	return fs_expand_home(def);
}

void aws_files_load(struct aws_profile_files *f)
{
	memset(f, 0, sizeof *f);
	f->cred_path = file_path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials");
	f->conf_path = file_path("AWS_CONFIG_FILE", "~/.aws/config");
	if (f->cred_path)
		f->cred = slurp(f->cred_path, &f->cred_len);
	if (f->conf_path)
		f->conf = slurp(f->conf_path, &f->conf_len);
}

void aws_files_free(struct aws_profile_files *f)
{
	free(f->cred_path);
	free(f->conf_path);
	if (f->cred)
		sodium_free(f->cred);
	if (f->conf)
		sodium_free(f->conf);
	memset(f, 0, sizeof *f);
}

static char *conf_section(const char *profile)
{
	return strcmp(profile, "default") ? xasprintf("profile %s", profile) : xstrdup("default");
}

bool aws_profile_exists(const struct aws_profile_files *f, const char *profile)
{
	char *sec = conf_section(profile);
	bool r = aws_ini_has(f->cred, f->cred_len, profile) || aws_ini_has(f->conf, f->conf_len, sec);
	free(sec);
	return r;
}

int aws_profile_get(const struct aws_profile_files *f, const char *profile, const char *key, bool secret, char **out)
{
	if (aws_ini_get(f->cred, f->cred_len, profile, key, secret, out))
		return 1;
	char *sec = conf_section(profile);
	int r = aws_ini_get(f->conf, f->conf_len, sec, key, secret, out);
	free(sec);
	return r;
}
