#include "http.h"
#include "encode.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A scripted HTTP server on 127.0.0.1: one canned response per connection. */
struct server {
	int fd, port;
	const char **responses;
	size_t n;
	pthread_t thread;
	char last_request[2048];
};

static void *serve(void *p)
{
	struct server *s = p;
	for (size_t i = 0; i < s->n; i++) {
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			break;
		char buf[2048];
		size_t got = 0;
		ssize_t r;
		while (got < sizeof buf - 1 && (r = read(c, buf + got, sizeof buf - 1 - got)) > 0) {
			got += (size_t)r;
			buf[got] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		memcpy(s->last_request, buf, got + 1);
		if (write(c, s->responses[i], strlen(s->responses[i])) < 0)
			perror("write");
		close(c);
	}
	return NULL;
}

static void server_start(struct server *s, const char **responses, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	memset(s->last_request, 0, sizeof s->last_request);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(s->fd, 16), 0);
	getsockname(s->fd, (struct sockaddr *)&a, &al);
	s->port = ntohs(a.sin_port);
	s->responses = responses;
	s->n = n;
	pthread_create(&s->thread, NULL, serve, s);
}

static void server_stop(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->fd);
}

#define OK_BODY "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Thing:  yes \r\nConnection: close\r\n\r\n{\"a\":\"ok\"}\n"

START_TEST(get_with_headers)
{
	const char *script[] = {OK_BODY};
	struct server s;
	server_start(&s, script, 1);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/health", s.port);
	const char *hdrs[] = {"Accept: application/json", NULL};
	struct http_req req = {.url = url, .headers = hdrs, .bearer = "s3cret", .timeout_ms = 5000};
	struct http_resp resp;
	ck_assert_int_eq(http_do(&req, &resp), 0);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_str_eq(resp.body, "{\"a\":\"ok\"}\n");
	char *v = http_header(&resp, "x-thing");
	ck_assert_str_eq(v, "yes");
	free(v);
	ck_assert_ptr_null(http_header(&resp, "X-Missing"));
	server_stop(&s);
	ck_assert(strstr(s.last_request, "GET /health HTTP/1.1"));
	ck_assert(strstr(s.last_request, "Authorization: Bearer s3cret"));
	ck_assert(strstr(s.last_request, "Accept: application/json"));
	http_resp_free(&resp);
}
END_TEST

START_TEST(body_cap)
{
	const char *script[] = {OK_BODY};
	struct server s;
	server_start(&s, script, 1);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
	struct http_req req = {.url = url, .max_body = 4};
	struct http_resp resp;
	ck_assert_int_eq(http_do(&req, &resp), 0);
	ck_assert(resp.truncated);
	ck_assert_uint_eq(resp.len, 4);
	ck_assert_uint_eq(resp.body_total, 11);
	ck_assert_str_eq(resp.body, "{\"a\"");
	server_stop(&s);
	http_resp_free(&resp);
}
END_TEST

START_TEST(retries)
{
	const char *script[] = {
		"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
		"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
		OK_BODY};
	struct server s;
	server_start(&s, script, 3);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
	struct http_req req = {.url = url, .retries = 3, .retry_on = HTTP_RETRY_5XX | HTTP_RETRY_429, .backoff_ms = 10};
	struct http_resp resp;
	ck_assert_int_eq(http_do(&req, &resp), 0);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_int_eq(resp.attempts, 3);
	server_stop(&s);
	http_resp_free(&resp);
}
END_TEST

START_TEST(no_retry_on_4xx)
{
	const char *script[] = {"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"};
	struct server s;
	server_start(&s, script, 1);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
	struct http_req req = {.url = url, .retries = 3, .retry_on = HTTP_RETRY_5XX | HTTP_RETRY_429};
	struct http_resp resp;
	ck_assert_int_eq(http_do(&req, &resp), 0);
	ck_assert_int_eq(resp.status, 404);
	ck_assert_int_eq(resp.attempts, 1);
	ck_assert_str_eq(http_reason(404), "Not Found");
	server_stop(&s);
	http_resp_free(&resp);
}
END_TEST

START_TEST(connection_refused)
{
	/* A port that was just free: bind, note it, close. */
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(fd, (struct sockaddr *)&a, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &al);
	close(fd);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", ntohs(a.sin_port));
	struct http_req req = {.url = url, .retries = 1, .retry_on = HTTP_RETRY_CONNECT, .backoff_ms = 10};
	struct http_resp resp;
	ck_assert_int_eq(http_do(&req, &resp), -1);
	ck_assert_str_eq(resp.error, "connection refused");
	ck_assert_int_eq(resp.status, 0);
	ck_assert_int_eq(resp.attempts, 2);
	http_resp_free(&resp);
}
END_TEST

static int done_count;
static void on_done(void *ud, struct http_resp *resp, int rc)
{
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(resp->status, 200);
	done_count++;
	*(int *)ud = 1;
}

START_TEST(multi)
{
	const char *script[] = {OK_BODY, OK_BODY, OK_BODY};
	struct server s;
	server_start(&s, script, 3);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", s.port);
	struct http_req req = {.url = url, .timeout_ms = 5000};
	struct http_multi *m = http_multi_new();
	int flags[3] = {0};
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(http_multi_add(m, &req, on_done, &flags[i]), 0);
	ck_assert_int_eq(http_multi_running(m), 3);
	for (int i = 0; i < 100 && http_multi_poll(m, 100) > 0; i++)
		;
	ck_assert_int_eq(done_count, 3);
	ck_assert(flags[0] && flags[1] && flags[2]);
	http_multi_free(m);
	server_stop(&s);
}
END_TEST

static Suite *suite(void)
{
	crypto_init();
	http_global_init();
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("http");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, get_with_headers);
	tcase_add_test(tc, body_cap);
	tcase_add_test(tc, retries);
	tcase_add_test(tc, no_retry_on_4xx);
	tcase_add_test(tc, connection_refused);
	tcase_add_test(tc, multi);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
