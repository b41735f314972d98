/* moment: time zones through the C library's localtime_r with TZ set to
 * a zone file that exists (glibc silently falls back to UTC otherwise),
 * and a re-implementation of moment.js's format tokens. */
#include "moment.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "strbuf.h"
#include "timeutil.h"

static const char *tzdir(void)
{
	const char *d = getenv("TZDIR");
	return d && *d ? d : "/usr/share/zoneinfo";
}

static bool is_zone_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Find zone under the tz folder, each component matched without regard
 * to case; the name as spelled on disk, malloc'd, or NULL. */
static char *find_zone(const char *zone)
{
	if (!*zone || *zone == '/' || strstr(zone, ".."))
		return NULL;
	char *path = xasprintf("%s/%s", tzdir(), zone);
	if (is_zone_file(path)) {
		free(path);
		return xstrdup(zone);
	}
	free(path);
	struct strbuf dir = {0}, name = {0};
	strbuf_adds(&dir, tzdir());
	const char *p = zone;
	while (*p) {
		size_t n = strcspn(p, "/");
		char *want = xstrndup(p, n);
		DIR *d = opendir(dir.s);
		struct dirent *e;
		bool found = false;
		while (d && (e = readdir(d))) {
			if (strcasecmp(e->d_name, want) == 0) {
				strbuf_addc(&dir, '/');
				strbuf_adds(&dir, e->d_name);
				if (name.len)
					strbuf_addc(&name, '/');
				strbuf_adds(&name, e->d_name);
				found = true;
				break;
			}
		}
		if (d)
			closedir(d);
		free(want);
		if (!found)
			goto fail;
		p += n;
		if (*p == '/')
			p++;
	}
	if (!is_zone_file(dir.s))
		goto fail;
	free(dir.s);
	return strbuf_take(&name);
fail:
	free(dir.s);
	free(name.s);
	return NULL;
}

/* UTC needs no zone file: the created label works without tzdata. */
static int utc_time(int64_t unix_ms, struct zoned *z)
{
	int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rem = secs - days * 86400, y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	memset(z, 0, sizeof *z);
	z->unix_ms = unix_ms;
	z->year = y;
	z->month = (int)m - 1;
	z->day = (int)d;
	z->hour = (int)(rem / 3600);
	z->min = (int)(rem / 60 % 60);
	z->sec = (int)(rem % 60);
	z->ms = (int)(unix_ms - secs * 1000);
	z->wday = (int)(((days % 7) + 11) % 7);
	z->yday = (int)(days - days_from_civil(y, 1, 1));
	snprintf(z->abbr, sizeof z->abbr, "UTC");
	return 0;
}

int zoned_time(int64_t unix_ms, const char *zone, struct zoned *z, char *err, size_t errlen)
{
	if (strcasecmp(zone, "UTC") == 0 || strcasecmp(zone, "Etc/UTC") == 0)
		return utc_time(unix_ms, z);
	char *name = find_zone(zone);
	if (!name) {
		snprintf(err, errlen, "unknown time zone \"%s\"; use an IANA name such as Europe/Paris", zone);
		return -1;
	}
	char *old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	setenv("TZ", name, 1);
	tzset();
	int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
	time_t t = (time_t)secs;
	struct tm tm;
	bool ok = localtime_r(&t, &tm) != NULL;
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	free(name);
	if (!ok) {
		snprintf(err, errlen, "time out of range");
		return -1;
	}
	memset(z, 0, sizeof *z);
	z->unix_ms = unix_ms;
	z->year = (int64_t)tm.tm_year + 1900;
	z->month = tm.tm_mon;
	z->day = tm.tm_mday;
	z->hour = tm.tm_hour;
	z->min = tm.tm_min;
	z->sec = tm.tm_sec;
	z->ms = (int)(unix_ms - secs * 1000);
	z->wday = tm.tm_wday;
	z->yday = tm.tm_yday;
	z->offset_s = tm.tm_gmtoff;
	snprintf(z->abbr, sizeof z->abbr, "%s", tm.tm_zone ? tm.tm_zone : "");
	return 0;
}

static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
				     "July",    "August",   "September", "October", "November", "December"};
static const char *const weekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

static void add_num(struct strbuf *b, int64_t n, int width, bool sign)
{
	char buf[40];
	uint64_t a = n < 0 ? (uint64_t)(-(n + 1)) + 1 : (uint64_t)n;
	snprintf(buf, sizeof buf, "%s%0*llu", n < 0 ? "-" : sign ? "+" : "", width, (unsigned long long)a);
	strbuf_adds(b, buf);
}

static void add_ordinal(struct strbuf *b, int64_t n)
{
	add_num(b, n, 0, false);
	int64_t t = (n % 100) / 10, u = n % 10;
	strbuf_adds(b, t == 1 ? "th" : u == 1 ? "st" : u == 2 ? "nd" : u == 3 ? "rd" : "th");
}

/* moment's week arithmetic: dow is the first day of the week, doy the
 * day of January that is always in week one (ISO: 1 and 4; en: 0 and 6). */
static int64_t first_week_offset(int64_t year, int dow, int doy)
{
	int64_t fwd = 7 + dow - doy;
	int64_t jan = days_from_civil(year, 1, (unsigned)fwd);
	int64_t wd = ((jan % 7) + 11) % 7; /* 1970-01-01 was a Thursday (4) */
	int64_t fwdlw = (7 + wd - dow) % 7;
	return -fwdlw + fwd - 1;
}

static int64_t weeks_in_year(int64_t year, int dow, int doy)
{
	return ((leap_year(year) ? 366 : 365) - first_week_offset(year, dow, doy) +
		first_week_offset(year + 1, dow, doy)) /
	       7;
}

static void week_of_year(const struct zoned *z, int dow, int doy, int64_t *week, int64_t *wyear)
{
	int64_t off = first_week_offset(z->year, dow, doy);
	int64_t d = z->yday + 1 - off - 1;
	int64_t w = (d >= 0 ? d / 7 : -((-d + 6) / 7)) + 1;
	if (w < 1) {
		*wyear = z->year - 1;
		*week = w + weeks_in_year(*wyear, dow, doy);
	} else if (w > weeks_in_year(z->year, dow, doy)) {
		*week = w - weeks_in_year(z->year, dow, doy);
		*wyear = z->year + 1;
	} else {
		*wyear = z->year;
		*week = w;
	}
}

static void add_offset(struct strbuf *b, long off, bool colon)
{
	/* Real offsets stay within a day; the clamp keeps the text short. */
	int a = (int)((off < 0 ? -off : off) % 86400);
	char buf[16];
	snprintf(buf, sizeof buf, "%c%02d%s%02d", off < 0 ? '-' : '+', a / 3600, colon ? ":" : "", (a / 60) % 60);
	strbuf_adds(b, buf);
}

/* One token; false when tok is not a formatting token. */
static bool format_token(struct strbuf *b, const struct zoned *z, const char *tok, size_t n)
{
#define IS(s) (n == sizeof(s) - 1 && memcmp(tok, s, n) == 0)
	int h12 = z->hour % 12 ? z->hour % 12 : 12;
	int64_t week, wyear;
	if (IS("M"))
		add_num(b, z->month + 1, 0, false);
	else if (IS("Mo"))
		add_ordinal(b, z->month + 1);
	else if (IS("MM"))
		add_num(b, z->month + 1, 2, false);
	else if (IS("MMM"))
		strbuf_addn(b, months[z->month], 3);
	else if (IS("MMMM"))
		strbuf_adds(b, months[z->month]);
	else if (IS("Q"))
		add_num(b, z->month / 3 + 1, 0, false);
	else if (IS("Qo"))
		add_ordinal(b, z->month / 3 + 1);
	else if (IS("D"))
		add_num(b, z->day, 0, false);
	else if (IS("Do"))
		add_ordinal(b, z->day);
	else if (IS("DD"))
		add_num(b, z->day, 2, false);
	else if (IS("DDD"))
		add_num(b, z->yday + 1, 0, false);
	else if (IS("DDDo"))
		add_ordinal(b, z->yday + 1);
	else if (IS("DDDD"))
		add_num(b, z->yday + 1, 3, false);
	else if (IS("d") || IS("e"))
		add_num(b, z->wday, 0, false);
	else if (IS("do"))
		add_ordinal(b, z->wday);
	else if (IS("dd"))
		strbuf_addn(b, weekdays[z->wday], 2);
	else if (IS("ddd"))
		strbuf_addn(b, weekdays[z->wday], 3);
	else if (IS("dddd"))
		strbuf_adds(b, weekdays[z->wday]);
	else if (IS("E"))
		add_num(b, z->wday ? z->wday : 7, 0, false);
	else if (IS("w") || IS("wo") || IS("ww")) {
		week_of_year(z, 0, 6, &week, &wyear);
		if (IS("wo"))
			add_ordinal(b, week);
		else
			add_num(b, week, n, false);
	} else if (IS("W") || IS("Wo") || IS("WW")) {
		week_of_year(z, 1, 4, &week, &wyear);
		if (IS("Wo"))
			add_ordinal(b, week);
		else
			add_num(b, week, n, false);
	} else if (IS("gg") || IS("gggg") || IS("ggggg")) {
		week_of_year(z, 0, 6, &week, &wyear);
		add_num(b, n == 2 ? wyear % 100 : wyear, (int)n, false);
	} else if (IS("GG") || IS("GGGG") || IS("GGGGG")) {
		week_of_year(z, 1, 4, &week, &wyear);
		add_num(b, n == 2 ? wyear % 100 : wyear, (int)n, false);
	} else if (IS("YY"))
		add_num(b, z->year % 100, 2, false);
	else if (IS("YYYY") || IS("YYYYY"))
		add_num(b, z->year, (int)n, false);
	else if (IS("YYYYYY"))
		add_num(b, z->year, 6, true);
	else if (IS("Y")) {
		if (z->year <= 9999)
			add_num(b, z->year, 4, false);
		else
			add_num(b, z->year, 0, true);
	} else if (IS("y") || IS("yy") || IS("yyy") || IS("yyyy"))
		add_num(b, z->year, (int)n, false);
	else if (IS("yo"))
		add_ordinal(b, z->year);
	else if (IS("N") || IS("NN") || IS("NNN") || IS("NNNNN"))
		strbuf_adds(b, "AD");
	else if (IS("NNNN"))
		strbuf_adds(b, "Anno Domini");
	else if (IS("a"))
		strbuf_adds(b, z->hour < 12 ? "am" : "pm");
	else if (IS("A"))
		strbuf_adds(b, z->hour < 12 ? "AM" : "PM");
	else if (IS("H") || IS("HH"))
		add_num(b, z->hour, (int)n, false);
	else if (IS("h") || IS("hh"))
		add_num(b, h12, (int)n, false);
	else if (IS("k") || IS("kk"))
		add_num(b, z->hour ? z->hour : 24, (int)n, false);
	else if (IS("m") || IS("mm"))
		add_num(b, z->min, (int)n, false);
	else if (IS("s") || IS("ss"))
		add_num(b, z->sec, (int)n, false);
	else if (IS("hmm") || IS("hmmss") || IS("Hmm") || IS("Hmmss")) {
		add_num(b, *tok == 'h' ? h12 : z->hour, 0, false);
		add_num(b, z->min, 2, false);
		if (n == 5)
			add_num(b, z->sec, 2, false);
	} else if (n >= 1 && n <= 9 && strspn(tok, "S") >= n) {
		/* Fractions of a second: the milliseconds scaled to n digits. */
		int64_t v = z->ms;
		for (size_t i = 3; i < n; i++)
			v *= 10;
		for (size_t i = n; i < 3; i++)
			v /= 10;
		add_num(b, v, (int)n, false);
	} else if (IS("Z"))
		add_offset(b, z->offset_s, true);
	else if (IS("ZZ"))
		add_offset(b, z->offset_s, false);
	else if (IS("z") || IS("zz"))
		strbuf_adds(b, z->abbr);
	else if (IS("X"))
		add_num(b, z->unix_ms >= 0 ? z->unix_ms / 1000 : -((-z->unix_ms + 999) / 1000), 0, false);
	else if (IS("x"))
		add_num(b, z->unix_ms, 0, false);
	else
		return false;
	return true;
#undef IS
}

/* Length of the token at s, by moment's alternation order. */
static size_t token_len(const char *s)
{
	static const char *const multi[] = {
		"Hmmss", "hmmss", "Hmm",  "hmm",  "Mo",    "MMMM", "MMM",   "MM",   "Do",     "DDDo",
		"DDDD",  "DDD",   "DD",   "dddd", "ddd",   "dd",   "do",    "wo",   "ww",     "w|",
		"Wo",    "WW",    "W|",   "Qo",   "NNNNN", "NNNN", "NNN",   "NN",   "YYYYYY", "YYYYY",
		"YYYY",  "YY",    "yyyy", "yyy",  "yy",    "yo",   "ggggg", "gggg", "gg",     "GGGGG",
		"GGGG",  "GG",    "hh",   "HH",   "kk",    "mm",   "ss",    "ZZ",   "zz",
	};
	for (size_t i = 0; i < sizeof multi / sizeof multi[0]; i++)
		if (strncmp(s, multi[i], strlen(multi[i])) == 0)
			return strlen(multi[i]);
	if (*s == 'S') {
		size_t n = strspn(s, "S");
		return n > 9 ? 9 : n;
	}
	return 1;
}

/* moment expands the "en" locale's long date formats before formatting. */
static char *expand_locale(const char *fmt)
{
	static const struct {
		const char *tok, *exp;
	} longs[] = {
		{"LTS", "h:mm:ss A"},
		{"LT", "h:mm A"},
		{"LLLL", "dddd, MMMM D, YYYY h:mm A"},
		{"LLL", "MMMM D, YYYY h:mm A"},
		{"LL", "MMMM D, YYYY"},
		{"L", "MM/DD/YYYY"},
		{"llll", "ddd, MMM D, YYYY h:mm A"},
		{"lll", "MMM D, YYYY h:mm A"},
		{"ll", "MMM D, YYYY"},
		{"l", "M/D/YYYY"},
	};
	struct strbuf b = {0};
	const char *p = fmt;
	while (*p) {
		if (*p == '[' && strchr(p + 1, ']') && !memchr(p + 1, '[', (size_t)(strchr(p + 1, ']') - p - 1))) {
			size_t n = (size_t)(strchr(p + 1, ']') - p) + 1;
			strbuf_addn(&b, p, n);
			p += n;
			continue;
		}
		if (*p == '\\' && p[1]) {
			strbuf_addn(&b, p, 2);
			p += 2;
			continue;
		}
		bool done = false;
		for (size_t i = 0; i < sizeof longs / sizeof longs[0] && !done; i++) {
			size_t n = strlen(longs[i].tok);
			if (strncmp(p, longs[i].tok, n) == 0) {
				strbuf_adds(&b, longs[i].exp);
				p += n;
				done = true;
			}
		}
		if (!done)
			strbuf_addc(&b, *p++);
	}
	return strbuf_take(&b);
}

char *moment_format(const struct zoned *z, const char *fmt)
{
	if (!fmt)
		fmt = z->offset_s == 0 ? "YYYY-MM-DDTHH:mm:ss[Z]" : "YYYY-MM-DDTHH:mm:ssZ";
	char *f = expand_locale(fmt);
	struct strbuf b = {0};
	const char *p = f;
	while (*p) {
		const char *close = *p == '[' ? strchr(p + 1, ']') : NULL;
		if (close && !memchr(p + 1, '[', (size_t)(close - p - 1))) {
			strbuf_addn(&b, p + 1, (size_t)(close - p - 1));
			p = close + 1;
			continue;
		}
		if (*p == '\\' && p[1]) {
			/* An escaped character is printed as is. */
			size_t n = token_len(p + 1);
			strbuf_addn(&b, p + 1, n);
			p += 1 + n;
			continue;
		}
		size_t n = token_len(p);
		if (!format_token(&b, z, p, n))
			strbuf_addn(&b, p, n);
		p += n;
	}
	free(f);
	return strbuf_take(&b);
}
