/* The status line of a long wait: counts, the first target still waited
 * for with its last reason and attempt, and the time left. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

static struct target t[4];

static struct wait_run four(void)
{
	memset(t, 0, sizeof t);
	const char *names[] = {"http://db/h", "http://api/h", "http://web/h", "http://q/h"};
	for (int i = 0; i < 4; i++) {
		t[i].url = t[i].name = names[i];
		t[i].st.health = H_HEALTHY;
		t[i].st.attempts = 1;
	}
	t[1].st = (struct sched){.attempts = 7, .health = H_PENDING};
	snprintf(t[1].reason, sizeof t[1].reason, "503 Service Unavailable");
	return (struct wait_run){.t = t, .n = 4};
}

START_TEST(the_line)
{
	struct wait_run run = four();
	char buf[300];
	status_format(&run, false, 50000, 70000, buf, sizeof buf);
	ck_assert_str_eq(buf, "3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 1m10s left");
	t[3].st.health = H_PENDING;
	t[3].st.attempts = 2;
	snprintf(t[3].reason, sizeof t[3].reason, "connection refused");
	status_format(&run, true, 125000, -1, buf, sizeof buf);
	ck_assert_str_eq(buf, "2 of 4 healthy (one is enough); http://api/h: 503 Service Unavailable (attempt 7)"
			      " and 1 more; 2m5s elapsed");
	status_format(&run, false, 1000, 9001, buf, sizeof buf);
	ck_assert(strstr(buf, "; 10s left"));
	/* a short buffer is cut, never overrun */
	char small[20];
	status_format(&run, false, 1000, 9001, small, sizeof small);
	ck_assert_str_eq(small, "2 of 4 healthy; htt");
}
END_TEST

START_TEST(at_most_every_ten_seconds)
{
	struct wait_run run = four();
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct status s;
	status_init(&s, fp, true, 0);
	ck_assert(!s.line.in_place); /* not a terminal: whole lines */
	for (int64_t now = 0; now <= 35000; now += 100)
		status_tick(&s, &run, false, now, 0, 60000);
	status_clear(&s);
	fclose(fp);
	ck_assert_str_eq(out, "3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 50s left\n"
			      "3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 40s left\n"
			      "3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 30s left\n");
	free(out);
	out = NULL;
	fp = open_memstream(&out, &len);
	status_init(&s, fp, false, 0); /* -q */
	status_tick(&s, &run, false, 20000, 0, 60000);
	fclose(fp);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(in_place_on_a_terminal)
{
	struct wait_run run = four();
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct status s;
	status_init(&s, fp, true, 0);
	s.line.in_place = true; /* as on a terminal */
	status_tick(&s, &run, false, 10000, 0, 60000);
	/* a change line takes the status off the screen, then it comes back */
	ck_assert(status_clear(&s));
	fputs("http://api/h: 500\n", fp);
	status_redraw(&s, &run, false, 12000, 0, 60000);
	ck_assert(status_clear(&s));
	ck_assert(!status_clear(&s));
	fclose(fp);
	ck_assert_str_eq(out, "\r\033[K3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 50s left"
			      "\r\033[Khttp://api/h: 500\n"
			      "\r\033[K3 of 4 healthy; http://api/h: 503 Service Unavailable (attempt 7); 48s left"
			      "\r\033[K");
	free(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health-wait status");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, the_line);
	tcase_add_test(tc, at_most_every_ten_seconds);
	tcase_add_test(tc, in_place_on_a_terminal);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
