/* tpl: the Handlebars subset — expressions, escaping, helpers with
 * parameters and hash arguments, comments, whitespace control, errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "strbuf.h"
#include "tpl.h"

/* A context with "name" (a value that needs escaping), "empty", "zero"
 * (the number 0), "str0" (the string "0"), "no" (the string "false"),
 * and a helper "echo" that prints its parameters and hash, undefined as
 * "?". */
static int resolve(void *ud, const struct tpl_call *c, char **out, char *err, size_t errlen)
{
	(void)ud;
	if (strcmp(c->name, "name") == 0) {
		*out = xstrdup("a&b<c>\"d'e`f=g");
		return 1;
	}
	if (strcmp(c->name, "empty") == 0) {
		*out = NULL;
		return 1;
	}
	if (strcmp(c->name, "zero") == 0) {
		*out = xstrdup("0");
		return 2;
	}
	if (strcmp(c->name, "str0") == 0 || strcmp(c->name, "no") == 0) {
		*out = xstrdup(c->name[0] == 's' ? "0" : "false");
		return 1;
	}
	if (strcmp(c->name, "fail") == 0) {
		snprintf(err, errlen, "helper failed");
		return -1;
	}
	if (strcmp(c->name, "echo") == 0) {
		struct strbuf b = {0};
		for (size_t i = 0; i < c->nparams; i++) {
			strbuf_adds(&b, c->params[i].defined ? c->params[i].s : "?");
			strbuf_addc(&b, ';');
		}
		for (size_t i = 0; i < c->nhash; i++) {
			strbuf_adds(&b, c->hash[i].key);
			strbuf_addc(&b, ':');
			strbuf_adds(&b, c->hash[i].val.defined ? c->hash[i].val.s : "?");
			strbuf_addc(&b, ';');
		}
		*out = strbuf_take(&b);
		return 1;
	}
	return 0;
}

static char *render(const char *tpl)
{
	char *out, err[256];
	if (tpl_render(tpl, resolve, NULL, &out, err, sizeof err) != 0)
		return NULL;
	return out;
}

#define RENDERS(tpl, want)                             \
	do {                                           \
		char *got_ = render(tpl);              \
		ck_assert_msg(got_, "%s failed", tpl); \
		ck_assert_str_eq(got_, want);          \
		free(got_);                            \
	} while (0)

START_TEST(test_render)
{
	RENDERS("plain text", "plain text");
	RENDERS("x-{{name}}", "x-a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g");
	RENDERS("{{{name}}}", "a&b<c>\"d'e`f=g");
	RENDERS("{{& name}}", "a&b<c>\"d'e`f=g");
	RENDERS("[{{ name }}]", "[a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g]");
	RENDERS("a{{unknown}}b{{empty}}c", "abc");
	RENDERS("{{this.name}}", "a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g");
	RENDERS("{{echo 'YYYY' \"x y\" 12 -3.5 true undefinedpath tz='Asia/Tokyo'}}",
		"YYYY;x y;12;-3.5;true;?;tz:Asia/Tokyo;");
	RENDERS("{{echo 'it\\'s'}}", "it&#x27;s;");
	RENDERS("a {{! comment }} b {{!-- long }} comment --}} c", "a  b  c");
	RENDERS("a  {{~name~}}  b", "aa&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;gb");
	RENDERS("\\{{name}}", "{{name}}");
	RENDERS("}} stray", "}} stray");
}
END_TEST

/* {{#if}} and {{#unless}} with JavaScript truthiness: a string is true
 * unless empty (so "false" and "0" are true), a number unless 0. */
START_TEST(test_blocks)
{
	RENDERS("{{#if name}}yes{{/if}}", "yes");
	RENDERS("{{#if empty}}yes{{/if}}", "");
	RENDERS("{{#if unknown}}yes{{else}}no{{/if}}", "no");
	RENDERS("{{#if no}}yes{{/if}}", "yes");
	RENDERS("{{#if str0}}yes{{/if}}", "yes");
	RENDERS("{{#if zero}}yes{{else}}no{{/if}}", "no");
	RENDERS("{{#if zero includeZero=true}}yes{{else}}no{{/if}}", "yes");
	RENDERS("{{#unless unknown}}u{{else}}v{{/unless}}", "u");
	RENDERS("{{#unless name}}u{{^}}v{{/unless}}", "v");
	RENDERS("{{#if unknown}}a{{else if zero}}b{{else unless empty}}c{{else}}d{{/if}}", "c");
	RENDERS("{{#if 'x'}}s{{/if}}{{#if ''}}e{{/if}}{{#if 0}}z{{/if}}{{#if true}}t{{/if}}{{#if null}}n{{/if}}", "st");
	RENDERS("x-{{#if name}}{{name}}{{#unless empty}}!{{/unless}}{{/if}}-y",
		"x-a&amp;b&lt;c&gt;&quot;d&#x27;e&#x60;f&#x3D;g!-y");
	RENDERS("a {{~#if name~}} b {{~/if~}} c", "abc");
	RENDERS("{{#if name}} a {{~else~}} b {{/if}}", " a");
	RENDERS("{{#if this}}this{{/if}}{{#if a.b}}path{{/if}}", "this");
	RENDERS("{{#if @root}}r{{/if}}{{#if @root.name}}n{{/if}}{{#if @index}}i{{/if}}{{#if ./name}}d{{/if}}", "rnd");
	RENDERS("{{elsewhere}}", "");
	/* Arguments are checked where a block is reached, as Handlebars does. */
	RENDERS("{{#if name}}a{{else if}}b{{/if}}", "a");
	RENDERS("{{#if empty}}{{#unless}}x{{/unless}}{{/if}}", "");
}
END_TEST

START_TEST(test_errors)
{
	static const char *const bad[] = {
		"{{name",
		"{{}}",
		"{{> partial}}",
		"{{#> partial}}x{{/partial}}",
		"{{else}}",
		"{{missing 'x'}}",
		"{{echo 'open}}",
		"{{echo a=1 'b'}}",
		"{{fail}}",
		"{{!-- open",
		"{{echo (sub)}}",
		"{{#each name}}x{{/each}}",
		"{{#with name}}x{{/with}}",
		"{{^name}}x{{/name}}",
		"{{#if name}}x",
		"{{#if}}x{{/if}}",
		"{{#if a b}}x{{/if}}",
		"{{#if name}}x{{/unless}}",
		"{{/if}}",
		"x{{^}}y",
		"{{#if name}}a{{else}}b{{else}}c{{/if}}",
		"{{#if name}}a{{else each x}}b{{/if}}",
		"{{#if fail}}x{{/if}}",
		"{{#if name}}{{#unless name}}x{{/if}}{{/unless}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *out, err[256];
		ck_assert_msg(tpl_render(bad[i], resolve, NULL, &out, err, sizeof err) != 0, "%s should fail", bad[i]);
		ck_assert(*err);
	}
}
END_TEST

START_TEST(test_single)
{
	ck_assert(tpl_is_single("{{raw}}", "raw"));
	ck_assert(tpl_is_single("{{ raw }}", "raw"));
	ck_assert(tpl_is_single("{{{raw}}}", "raw"));
	ck_assert(!tpl_is_single("{{raw}}-x", "raw"));
	ck_assert(!tpl_is_single("v{{raw}}", "raw"));
	ck_assert(!tpl_is_single("{{version}}", "raw"));
	ck_assert(!tpl_is_single("{{raw", "raw"));
}
END_TEST

START_TEST(test_escape)
{
	char *e = tpl_html_escape("<&>\"'`= ok");
	ck_assert_str_eq(e, "&lt;&amp;&gt;&quot;&#x27;&#x60;&#x3D; ok");
	free(e);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tpl");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_render);
	tcase_add_test(tc, test_blocks);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_single);
	tcase_add_test(tc, test_escape);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
