/* diag: a finding's renderers and the --format names. */
#include "diag.h"
#include "gha.h"

#include <stdlib.h>
#include <string.h>

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

int parse_format(const char *s, unsigned allowed)
{
	static const char *names[] = {"text", "json", "github", "sarif", "markdown"};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0 && (allowed & (1u << i)))
			return i;
	return -1;
}

void diag_print_text(FILE *fp, const struct finding *f)
{
	if (f->line > 0 && f->col > 0)
		fprintf(fp, "%s:%d:%d: ", f->file, f->line, f->col);
	else if (f->line > 0)
		fprintf(fp, "%s:%d: ", f->file, f->line);
	else
		fprintf(fp, "%s: ", f->file);
	fprintf(fp, "%s: %s", severity_name(f->sev), f->message);
	if (f->rule)
		fprintf(fp, " [%s]", f->rule);
	fputc('\n', fp);
}

void diag_print_github(FILE *fp, const struct finding *f)
{
	const char *cmd = f->sev == SEV_ERROR ? "error" : f->sev == SEV_WARNING ? "warning" : "notice";
	char *file = gha_escape_property(f->file);
	char *msg = gha_escape_data(f->message);
	fprintf(fp, "::%s file=%s", cmd, file);
	if (f->line > 0)
		fprintf(fp, ",line=%d", f->line);
	if (f->col > 0)
		fprintf(fp, ",col=%d", f->col);
	if (f->rule) {
		char *title = gha_escape_property(f->rule);
		fprintf(fp, ",title=%s", title);
		free(title);
	}
	fprintf(fp, "::%s\n", msg);
	free(file);
	free(msg);
}
