/* The template scanners, engine by engine: the variables a template uses
 * (and which of them sit inside a section), the names it defines itself,
 * and each syntax finding at its byte offset. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "template.h"

struct tcase {
	enum engine e;
	const char *text;
	const char *uses; /* "a,b,~c" (~ = scoped: inside a section) */
	const char *issues; /* "PL303@0,PL101@4" rule code @ byte offset */
	const char *declared; /* input for the checks that need it */
};

static const struct tcase cases[] = {
	/* f-string */
	{ENG_FSTRING, "Hello {name}, {{literal}} {obj.attr} {xs[0]} {v!r} {n:>10}", "name,obj,xs,v,n", "", NULL},
	{ENG_FSTRING, "JSON: {\"a\": 1}", "", "PL302@6", NULL},
	{ENG_FSTRING, "close } alone", "", "PL301@6", NULL},
	{ENG_FSTRING, "open { never", "", "PL301@5", NULL},
	{ENG_FSTRING, "{}", "", "PL302@0", NULL},
	{ENG_FSTRING, "Hi {{ name }}", "", "PL306@3", NULL},
	{ENG_FSTRING, "{{{name}}}", "name", "", NULL},
	{ENG_FSTRING, "{w:{width}}", "w", "", NULL},
	{ENG_FSTRING, "Reply {{\"answer\": \"{question}\"}}", "question", "", NULL},
	{ENG_FSTRING, "caf\xC3\xA9 {n\xC3\xA4me}", "n\xC3\xA4me", "", NULL},
	/* Jinja2 */
	{ENG_JINJA2, "{{ user.name | upper }} {{ greet(who) }}", "user,who", "", NULL},
	{ENG_JINJA2, "{% for m in messages %}{{ m.role }}: {{ loop.index }}{% endfor %}", "messages", "", NULL},
	{ENG_JINJA2, "{% set x = y %}{{ x }}", "y", "", NULL},
	{ENG_JINJA2, "{% raw %}{{ not_a_var }}{% endraw %}{{ v }}", "v", "", NULL},
	{ENG_JINJA2, "{# {{ c }} #}{{ context }}", "context", "", NULL},
	{ENG_JINJA2, "{% if a is defined and b not in c %}x{% elif d %}y{% else %}z{% endif %}", "a,b,c,d", "", NULL},
	{ENG_JINJA2, "{% for x in xs recursive %}{{ loop(x.children) }}{% endfor %}", "xs", "", NULL},
	{ENG_JINJA2, "{% macro row(cell, sep=',') %}{{ cell }}{{ sep }}{% endmacro %}{{ row(v) }}", "v", "", NULL},
	{ENG_JINJA2, "{{ f(key=val) }} {{ 'str' ~ n }} {{ [1, 2] | join(s) }}", "val,n,s", "", NULL},
	{ENG_JINJA2, "{% for i in items %}\n- {{ i }}\n", "items", "PL303@0", NULL},
	{ENG_JINJA2, "{% if a %}x{% endfor %}", "a", "PL304@11", NULL},
	{ENG_JINJA2, "{% endif %}", "", "PL304@0", NULL},
	{ENG_JINJA2, "Hello {{ name\nBye", "", "PL305@6", NULL},
	{ENG_JINJA2, "{{ a {{ b }}", "b", "PL305@0", NULL},
	{ENG_JINJA2, "{{ ''.__class__.__mro__ }}", "", "PL307@6,PL307@16", NULL},
	{ENG_JINJA2, "{{ x['__globals__'] }}", "x", "PL307@5", NULL},
	{ENG_JINJA2, "{%- if a -%} {{- b -}} {%+ endif +%}", "a,b", "", NULL},
	{ENG_JINJA2, "{% with y = x %}{{ y }}{% endwith %}", "x", "", NULL},
	{ENG_JINJA2, "{% include 'h.j2' ignore missing with context %}{{ z }}", "z", "", NULL},
	{ENG_JINJA2, "{% raw %}never closed", "", "PL303@0", NULL},
	{ENG_JINJA2, "{# prompt-lint: disable=PL101 #}{{ q }}", "q", "", NULL},
	{ENG_JINJA2, "{{ '{{' }} x {{ a }} {% raw %}{{ b {% endraw %}", "a", "", NULL},
	{ENG_JINJA2, "{# don't #}{{ a }}", "a", "", NULL},
	{ENG_JINJA2, "{{ messages[-1].content }}{% for m in messages if m.role != 'system' %}{{ m }}{% endfor %}",
	 "messages,messages", "", NULL},
	{ENG_JINJA2, "{{ \"%s\" | format(x) }}{{ y | default(\"n/a\") }}{% if z is not none %}{% endif %}", "x,y,z", "",
	 NULL},
	{ENG_JINJA2, "{{ {'k': v}['k'] }}{{ (a, b) }}{{ c.d.e }}", "v,a,b,c", "", NULL},
	{ENG_JINJA2, "{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}", "d", "", NULL},
	{ENG_JINJA2, "{% set ns = namespace(n=0) %}{{ ns.n }}{{ x if y else z }}", "x,y,z", "", NULL},
	{ENG_JINJA2, "{% filter upper %}{{ a }}{% endfilter %}{% call m(b) %}c{% endcall %}", "a,b", "", NULL},
	{ENG_JINJA2, "It's {{ a }} and {{ \"}}\" }}", "a", "", NULL},
	/* Liquid */
	{ENG_LIQUID, "{% for item in items %}{{ item.text }}{% endfor %}{% if a contains 'x' %}y{% endif %}", "items,a",
	 "", NULL},
	{ENG_LIQUID, "{% assign t = title | upcase %}{{ t }}{% capture c %}x{% endcapture %}{{ c }}", "title", "",
	 NULL},
	{ENG_LIQUID, "{% comment %}{{ hidden }}{% endcomment %}{% unless u %}x{% endunless %}", "u", "", NULL},
	/* Mustache */
	{ENG_MUSTACHE, "Hi {{name}} {{{raw}}} {{&amp}} {{! c }}", "name,raw,amp", "", NULL},
	{ENG_MUSTACHE, "{{#items}}{{label}}{{/items}}{{^empty}}x{{/empty}}", "items,~label,empty", "", NULL},
	{ENG_MUSTACHE, "{{=<% %>=}}<% who %> {{not}}", "who", "", NULL},
	{ENG_MUSTACHE, "{{#a}}x", "a", "PL303@0", NULL},
	{ENG_MUSTACHE, "{{#a}}x{{/b}}", "a", "PL304@7", NULL},
	/* a '}}' with no '{{': reported once per stretch of text; braces the
	 * text opens itself (JSON) account for theirs */
	{ENG_MUSTACHE, "Hi {name}} and {{b}} c}}", "b", "PL309@8,PL309@22", NULL},
	{ENG_MUSTACHE, "{\"a\": {\"b\": 1}} {{x}}", "x", "", NULL},
	{ENG_HANDLEBARS, "{{#if a}}x}}{{/if}}", "a", "PL309@10", NULL},
	{ENG_DOTPROMPT, "{{ role \"user\" }}}} {{q}}", "q", "PL309@17", NULL},
	{ENG_MUSTACHE, "{{ name", "", "PL305@0", NULL},
	{ENG_MUSTACHE, "{{> partial}}{{user.name}}", "user", "", NULL},
	/* Handlebars */
	{ENG_HANDLEBARS, "{{#each history}}{{role}}: {{content}} {{@index}}{{/each}}", "history,~role,~content", "",
	 NULL},
	{ENG_HANDLEBARS, "{{#if ok}}{{msg}}{{else}}{{alt}}{{/if}}", "ok,msg,alt", "", NULL},
	{ENG_HANDLEBARS, "{{#each xs as |x i|}}{{x}}{{/each}}", "xs", "", NULL},
	{ENG_HANDLEBARS, "{{Plugin-Function arg}} {{helper a key=b}} {{concat (upper c) \"s\"}}", "arg,a,b,c", "",
	 NULL},
	{ENG_HANDLEBARS, "\\{{literal}} {{v}}", "v", "", NULL},
	{ENG_HANDLEBARS, "{{#each items}}{{this}} {{@root.top}} {{../up}}{{/each}}", "items,top,~up", "", NULL},
	{ENG_HANDLEBARS, "{{!-- a }} b --}}{{v}}", "v", "", NULL},
	{ENG_HANDLEBARS, "{{#if a}}x{{/each}}", "a", "PL304@10", NULL},
	{ENG_HANDLEBARS, "{{else}}", "", "PL304@0", NULL},
	{ENG_HANDLEBARS, "{{{{raw}}}}{{x}}{{{{/raw}}}}{{y}}", "y", "", NULL},
	{ENG_HANDLEBARS, "{{set name=\"tmp\" value=v}}{{tmp}}", "v", "", NULL},
	{ENG_HANDLEBARS, "{{#if (eq a b)}}x{{/if}}", "a,b", "", NULL},
	{ENG_HANDLEBARS, "{{#each (Plugin-GetItems)}}{{name}}{{/each}}", "~name", "", NULL},
	{ENG_HANDLEBARS, "{{#with person}}{{first}}{{/with}}{{#unless done}}x{{/unless}}", "person,~first,done", "",
	 NULL},
	{ENG_HANDLEBARS, "{{~v~}} {{{t}}", "v", "PL305@8", NULL},
	/* Dotprompt */
	{ENG_DOTPROMPT, "{{role \"system\"}}{{history}}{{media url=img}}{{json this}} {{q}}", "img,q", "", NULL},
	{ENG_DOTPROMPT, "{{#if premium}}VIP", "premium", "PL303@0", NULL},
	/* Semantic Kernel */
	{ENG_SK, "{{$input}} and {{ $other }}", "input,other", "", NULL},
	{ENG_SK, "{{time.Now}} {{Plugin.Fn $arg name=$n}} {{ \"}}\" }}", "arg,n", "", NULL},
	{ENG_SK, "Tell me about {{topic}}.", "", "PL306@14", "topic"},
	{ENG_SK, "Tell me about {{topic}}.", "", "", NULL},
	{ENG_SK, "{{$x", "", "PL305@0", NULL},
	{ENG_SK, "{{$}}", "", "PL306@2", NULL},
};

static void uses_string(const struct tscan *ts, char *out, size_t cap)
{
	out[0] = '\0';
	for (size_t i = 0; i < ts->nuses; i++) {
		if (tscan_is_local(ts, ts->uses[i].name, ts->uses[i].len))
			continue;
		snprintf(out + strlen(out), cap - strlen(out), "%s%s%.*s", out[0] ? "," : "",
			 ts->uses[i].scoped ? "~" : "", (int)ts->uses[i].len, ts->uses[i].name);
	}
}

static void issues_string(const struct tscan *ts, char *out, size_t cap)
{
	out[0] = '\0';
	for (size_t i = 0; i < ts->nissues; i++)
		snprintf(out + strlen(out), cap - strlen(out), "%s%s@%zu", out[0] ? "," : "",
			 rules[ts->issues[i].rule].code, ts->issues[i].off);
}

START_TEST(test_case)
{
	const struct tcase *c = &cases[_i];
	char *decl[2] = {(char *)c->declared, NULL};
	struct tscan ts = {.declared = decl, .ndeclared = c->declared ? 1 : 0};
	scan_template(c->e, c->text, strlen(c->text), &ts);
	char uses[512], issues[512];
	uses_string(&ts, uses, sizeof uses);
	issues_string(&ts, issues, sizeof issues);
	ck_assert_msg(strcmp(uses, c->uses) == 0, "case %d (%s) %s: uses '%s', want '%s'", _i, engine_name(c->e),
		      c->text, uses, c->uses);
	ck_assert_msg(strcmp(issues, c->issues) == 0, "case %d (%s) %s: issues '%s', want '%s'", _i, engine_name(c->e),
		      c->text, issues, c->issues);
	tscan_free(&ts);
}
END_TEST

START_TEST(test_disable_comments)
{
	struct tscan ts = {0};
	const char *t = "{# prompt-lint: disable=PL101,unused-variable #}{{ a }}{# prompt-lint: disable-file #}";
	scan_template(ENG_JINJA2, t, strlen(t), &ts);
	ck_assert_uint_eq(ts.ndis, 2);
	ck_assert_str_eq(ts.dis[0].rules, "PL101,unused-variable");
	ck_assert_uint_eq(ts.dis[0].off, 0);
	ck_assert_str_eq(ts.dis[1].rules, "file");
	tscan_free(&ts);
	const char *m = "{{! prompt-lint: disable=PL102 }}";
	scan_template(ENG_HANDLEBARS, m, strlen(m), &ts);
	ck_assert_uint_eq(ts.ndis, 1);
	ck_assert_str_eq(ts.dis[0].rules, "PL102");
	tscan_free(&ts);
}
END_TEST

START_TEST(test_engine_names)
{
	ck_assert_int_eq(engine_lookup("f-string"), ENG_FSTRING);
	ck_assert_int_eq(engine_lookup("Jinja2"), ENG_JINJA2);
	ck_assert_int_eq(engine_lookup("nunjucks"), ENG_JINJA2);
	ck_assert_int_eq(engine_lookup("semantic-kernel"), ENG_SK);
	ck_assert_int_eq(engine_lookup("jinja"), -1);
	ck_assert_str_eq(engine_suggest("jinja"), "jinja2");
	ck_assert_str_eq(engine_suggest("fstring2"), "f-string");
	ck_assert_str_eq(engine_suggest("handlebar"), "handlebars");
	ck_assert_ptr_null(engine_suggest("xml"));
}
END_TEST

START_TEST(test_rules)
{
	ck_assert_int_eq(rule_lookup("PL101"), R_UNDECLARED_VARIABLE);
	ck_assert_int_eq(rule_lookup("undeclared-variable"), R_UNDECLARED_VARIABLE);
	ck_assert_int_eq(rule_lookup("pl102"), R_UNUSED_VARIABLE);
	ck_assert_int_eq(rule_lookup("nope"), -1);
	ck_assert(rule_item("PL1") ==
		  (1ULL << R_UNDECLARED_VARIABLE | 1ULL << R_UNUSED_VARIABLE | 1ULL << R_DUPLICATE_VARIABLE));
	ck_assert(rule_item("all") == ~0ULL);
	ck_assert(rule_item("PL9") == 0);
	ck_assert(rules_parse_set("PL101, unused-variable x-unknown", 33) ==
		  (1ULL << R_UNDECLARED_VARIABLE | 1ULL << R_UNUSED_VARIABLE));
	/* codes are unique */
	for (int i = 0; i < R_COUNT; i++)
		for (int j = i + 1; j < R_COUNT; j++) {
			ck_assert_str_ne(rules[i].code, rules[j].code);
			ck_assert_str_ne(rules[i].name, rules[j].name);
		}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("prompt-lint scanners");
	TCase *tc = tcase_create("scanners");
	tcase_add_loop_test(tc, test_case, 0, (int)(sizeof cases / sizeof *cases));
	tcase_add_test(tc, test_disable_comments);
	tcase_add_test(tc, test_engine_names);
	tcase_add_test(tc, test_rules);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
