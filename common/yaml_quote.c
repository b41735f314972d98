/* yaml_quote: when a scalar needs quotes, and the double-quoted form as
 * go-yaml writes it (secret-seal's writer; libyaml's emitter cannot keep
 * the comments sops files carry). */
#include "yaml.h"

#include <string.h>

bool yaml_needs_quotes(const char *s, size_t len)
{
	static const char *special[] = {"~",     "null",  "Null", "NULL", "true", "True", "TRUE", "false",
					"False", "FALSE", "yes",  "Yes",  "YES",  "no",   "No",   "NO",
					"on",    "On",    "ON",   "off",  "Off",  "OFF",  "y",    "Y",
					"n",     "N",     "<<",   "=",    NULL};
	if (len == 0 || strlen(s) != len)
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) && !(s[0] == '-' && len > 1 && s[1] != ' '))
		return true;
	if (s[0] == '-' && len > 1 && (s[1] == '-' || s[1] == ' '))
		return true;
	if (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == ':')
		return true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return true;
		if ((c == ':' || c == '#') && i + 1 < len && (s[i + 1] == ' ' || s[i + 1] == '\t'))
			return true;
		if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			return true;
	}
	for (const char **p = special; *p; p++)
		if (!strcmp(s, *p))
			return true;
	/* Anything that reads back as a number. */
	struct ynode probe = {.type = YN_SCALAR};
	probe.u.scalar.str = (char *)s;
	probe.u.scalar.len = len;
	return yscalar_resolve(&probe) != YR_STR;
}

void yaml_write_double_quoted(FILE *fp, const char *s, size_t len)
{
	fputc('"', fp);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\r': fputs("\\r", fp); break;
		case 0: fputs("\\0", fp); break;
		case 0xC2: /* NEL: a line break to YAML readers */
			if (i + 1 < len && (unsigned char)s[i + 1] == 0x85) {
				fputs("\\N", fp);
				i++;
			} else {
				fputc(c, fp);
			}
			break;
		case 0xE2: /* LS, PS: line breaks too */
			if (i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
				fputs((unsigned char)s[i + 2] == 0xA8 ? "\\L" : "\\P", fp);
				i += 2;
			} else {
				fputc(c, fp);
			}
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\x%02X", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}
