/* describe: the pod template as kubectl's describe layout prints it —
 * tab-separated "Key:\tvalue" lines that kubectl's tab writer would align
 * (history --revision leaves the tabs as they are, so do we), sorted maps,
 * containers with resources, probes, environment and mounts, volumes,
 * node selectors and tolerations. */
#include "describe.h"
#include "cli.h"
#include "json.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ANNOTATION_LEN 140

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The keys of MAP sorted (a malloc'd array of *n borrowed strings). */
static const char **sorted_keys(const json_t *map, size_t *n)
{
	*n = json_object_size(map);
	const char **keys = xcalloc(*n ? *n : 1, sizeof *keys);
	const char *key;
	json_t *v;
	size_t k = 0;
	json_object_foreach((json_t *)map, key, v) {
		keys[k++] = key;
	}
	qsort(keys, *n, sizeof *keys, cmp_str);
	return keys;
}

static const char *str_or(const json_t *v, const char *def)
{
	return json_is_string(v) ? json_string_value(v) : def;
}

static bool is_true(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

/* A string or an integer (an IntOrString port) as text. */
static void int_or_string(char *buf, size_t len, const json_t *v)
{
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else
		snprintf(buf, len, "%s", str_or(v, ""));
}

static void print_labels(FILE *out, const char *title, const json_t *map)
{
	size_t n;
	const char **keys = sorted_keys(map, &n);
	fprintf(out, "%s:\t", title);
	if (!n)
		fprintf(out, "<none>\n");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s=%s\n", i ? "\t" : "", keys[i], json_get_str(map, keys[i], ""));
	free(keys);
}

/* Long or multi-line values go on lines of their own, each cut to the
 * annotation width like kubectl's describe does. */
static void print_annotations(FILE *out, const char *title, const json_t *map)
{
	size_t n, shown = 0;
	const char **keys = sorted_keys(map, &n);
	fprintf(out, "%s:\t", title);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(keys[i], "kubectl.kubernetes.io/last-applied-configuration"))
			continue;
		const char *value = json_get_str(map, keys[i], "");
		size_t vlen = strlen(value);
		if (vlen && value[vlen - 1] == '\n')
			vlen--;
		if (shown++)
			fputc('\t', out);
		if (vlen + strlen(keys[i]) + 2 <= MAX_ANNOTATION_LEN && !memchr(value, '\n', vlen)) {
			fprintf(out, "%s: %.*s\n", keys[i], (int)vlen, value);
			continue;
		}
		fprintf(out, "%s:\n", keys[i]);
		for (const char *s = value, *end = value + vlen;;) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t l = (size_t)((nl ? nl : end) - s);
			if (l > MAX_ANNOTATION_LEN - 2)
				fprintf(out, "\t  %.*s...\n", MAX_ANNOTATION_LEN - 2, s);
			else
				fprintf(out, "\t  %.*s\n", (int)l, s);
			if (!nl)
				break;
			s = nl + 1;
		}
	}
	if (!shown)
		fprintf(out, "<none>\n");
	free(keys);
}

/* "Port:\t8080/TCP" for one, "Ports:\ta, b" for several, <none> for none. */
static void print_ports(FILE *out, const char *one, const char *many, const json_t *ports, const char *field)
{
	size_t i, shown = json_array_size(ports);
	json_t *p;
	char line[1024] = "";
	size_t len = 0;
	json_array_foreach(ports, i, p) {
		int w = snprintf(line + len, sizeof line - len, "%s%lld/%s", i ? ", " : "", json_get_int(p, field, 0),
				 json_get_str(p, "protocol", "TCP"));
		if (w > 0 && (size_t)w < sizeof line - len)
			len += (size_t)w;
	}
	fprintf(out, "    %s:\t%s\n", shown > 1 ? many : one, shown ? line : "<none>");
}

static void print_lines(FILE *out, const char *title, const json_t *list)
{
	if (!json_array_size(list))
		return;
	size_t i;
	json_t *s;
	fprintf(out, "    %s:\n", title);
	json_array_foreach(list, i, s) {
		const char *text = str_or(s, "");
		for (;;) {
			const char *nl = strchr(text, '\n');
			fprintf(out, "      %.*s\n", (int)(nl ? (size_t)(nl - text) : strlen(text)), text);
			if (!nl)
				break;
			text = nl + 1;
		}
	}
}

static void print_resource_list(FILE *out, const char *title, const json_t *list)
{
	size_t n;
	const char **keys = sorted_keys(list, &n);
	if (n)
		fprintf(out, "    %s:\n", title);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "      %s:\t%s\n", keys[i], json_get_str(list, keys[i], ""));
	free(keys);
}

static void print_probe(FILE *out, const char *title, const json_t *p)
{
	if (!json_is_object(p))
		return;
	char attrs[256], port[128];
	snprintf(attrs, sizeof attrs, "delay=%llds timeout=%llds period=%llds #success=%lld #failure=%lld",
		 json_get_int(p, "initialDelaySeconds", 0), json_get_int(p, "timeoutSeconds", 0),
		 json_get_int(p, "periodSeconds", 0), json_get_int(p, "successThreshold", 0),
		 json_get_int(p, "failureThreshold", 0));
	fprintf(out, "    %s:\t", title);
	const json_t *exec = json_object_get(p, "exec"), *get = json_object_get(p, "httpGet"),
		     *tcp = json_object_get(p, "tcpSocket"), *grpc = json_object_get(p, "grpc");
	if (exec) {
		size_t i;
		json_t *arg;
		fputs("exec [", out);
		json_array_foreach(json_object_get(exec, "command"), i, arg) {
			fprintf(out, "%s%s", i ? " " : "", str_or(arg, ""));
		}
		fprintf(out, "] %s\n", attrs);
	} else if (get) {
		char scheme[16];
		snprintf(scheme, sizeof scheme, "%s", json_get_str(get, "scheme", ""));
		for (char *c = scheme; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		const char *host = json_get_str(get, "host", "");
		int_or_string(port, sizeof port, json_object_get(get, "port"));
		bool v6 = strchr(host, ':') != NULL;
		fprintf(out, "http-get %s%s", scheme, *scheme ? "://" : "//");
		if (*port)
			fprintf(out, "%s%s%s:%s", v6 ? "[" : "", host, v6 ? "]" : "", port);
		else
			fputs(host, out);
		fprintf(out, "%s %s\n", json_get_str(get, "path", ""), attrs);
	} else if (tcp) {
		int_or_string(port, sizeof port, json_object_get(tcp, "port"));
		fprintf(out, "tcp-socket %s:%s %s\n", json_get_str(tcp, "host", ""), port, attrs);
	} else if (grpc) {
		fprintf(out, "grpc <pod>:%lld %s %s\n", json_get_int(grpc, "port", 0),
			json_get_str(grpc, "service", ""), attrs);
	} else {
		fprintf(out, "unknown %s\n", attrs);
	}
}

static void print_env_from(FILE *out, const json_t *list)
{
	if (!json_array_size(list))
		return;
	size_t i;
	json_t *e;
	fprintf(out, "    Environment Variables from:\n");
	json_array_foreach(list, i, e) {
		const json_t *cm = json_object_get(e, "configMapRef"), *sec = json_object_get(e, "secretRef");
		const json_t *ref = cm ? cm : sec;
		const char *from = cm ? "ConfigMap" : sec ? "Secret" : "";
		const char *prefix = json_get_str(e, "prefix", "");
		fprintf(out, "      %s\t%s", json_get_str(ref, "name", ""), from);
		if (*prefix)
			fprintf(out, " with prefix '%s'", prefix);
		fprintf(out, "\tOptional: %s\n", is_true(ref, "optional") ? "true" : "false");
	}
}

/* The value a resourceFieldRef yields for container C: its limit or
 * request divided by the divisor, rounded up (CPU in millicores first, as
 * kubectl does); "" when it cannot be worked out. */
static void resource_field_value(char *buf, size_t len, const json_t *ref, const json_t *c)
{
	const char *res = json_get_str(ref, "resource", "");
	const char *dot = strchr(res, '.');
	*buf = 0;
	if (!dot)
		return;
	char kind[16];
	snprintf(kind, sizeof kind, "%.*s", (int)(dot - res), res);
	const json_t *list = json_object_get(json_object_get(c, "resources"), kind);
	const char *divisor = json_get_str(ref, "divisor", "");
	double d = *divisor ? quantity_value(divisor) : 1, q = 0;
	const char *have = json_get_str(list, dot + 1, NULL);
	if (have)
		q = quantity_value(have);
	if (!d)
		d = 1;
	if (q < 0 || d < 0)
		return;
	double v = !strcmp(dot + 1, "cpu") ? ceil(ceil(q * 1000) / ceil(d * 1000)) : ceil(ceil(q) / ceil(d));
	snprintf(buf, len, "%.0f", v);
	if (!strcmp(buf, "0") && (!strcmp(res, "limits.cpu") || !strcmp(res, "limits.memory")))
		snprintf(buf, len, "node allocatable");
}

static void print_env(FILE *out, const json_t *c)
{
	const json_t *env = json_object_get(c, "env");
	if (!json_array_size(env)) {
		fprintf(out, "    Environment:\t<none>\n");
		return;
	}
	fprintf(out, "    Environment:\n");
	size_t i;
	json_t *e;
	json_array_foreach(env, i, e) {
		const char *name = json_get_str(e, "name", "");
		const json_t *from = json_object_get(e, "valueFrom"), *ref;
		if (!from) {
			const char *text = json_get_str(e, "value", "");
			for (bool first = true;; first = false) {
				const char *nl = strchr(text, '\n');
				int l = (int)(nl ? (size_t)(nl - text) : strlen(text));
				if (first)
					fprintf(out, "      %s:\t%.*s\n", name, l, text);
				else
					fprintf(out, "      \t%.*s\n", l, text);
				if (!nl)
					break;
				text = nl + 1;
			}
		} else if ((ref = json_object_get(from, "fieldRef"))) {
			fprintf(out, "      %s:\t (%s:%s)\n", name, json_get_str(ref, "apiVersion", ""),
				json_get_str(ref, "fieldPath", ""));
		} else if ((ref = json_object_get(from, "resourceFieldRef"))) {
			char value[64];
			resource_field_value(value, sizeof value, ref, c);
			fprintf(out, "      %s:\t%s (%s)\n", name, value, json_get_str(ref, "resource", ""));
		} else if ((ref = json_object_get(from, "secretKeyRef"))) {
			fprintf(out, "      %s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", name,
				json_get_str(ref, "key", ""), json_get_str(ref, "name", ""),
				is_true(ref, "optional") ? "true" : "false");
		} else if ((ref = json_object_get(from, "configMapKeyRef"))) {
			fprintf(out, "      %s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", name,
				json_get_str(ref, "key", ""), json_get_str(ref, "name", ""),
				is_true(ref, "optional") ? "true" : "false");
		}
	}
}

static int cmp_mount(const void *x, const void *y)
{
	return strcmp(json_get_str(*(json_t *const *)x, "mountPath", ""),
		      json_get_str(*(json_t *const *)y, "mountPath", ""));
}

static void print_mounts(FILE *out, const json_t *c)
{
	const json_t *mounts = json_object_get(c, "volumeMounts");
	size_t n = json_array_size(mounts);
	fprintf(out, "    Mounts:%s\n", n ? "" : "\t<none>");
	json_t **sorted = xcalloc(n ? n : 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_array_get(mounts, i);
	qsort(sorted, n, sizeof *sorted, cmp_mount);
	for (size_t i = 0; i < n; i++) {
		const char *sub = json_get_str(sorted[i], "subPath", "");
		fprintf(out, "      %s from %s (%s", json_get_str(sorted[i], "mountPath", ""),
			json_get_str(sorted[i], "name", ""), is_true(sorted[i], "readOnly") ? "ro" : "rw");
		if (*sub)
			fprintf(out, ",path=\"%s\"", sub);
		fprintf(out, ")\n");
	}
	free(sorted);
	const json_t *devices = json_object_get(c, "volumeDevices"), *d;
	size_t i;
	if (json_array_size(devices))
		fprintf(out, "    Devices:\n");
	json_array_foreach(devices, i, d) {
		fprintf(out, "      %s from %s\n", json_get_str(d, "devicePath", ""), json_get_str(d, "name", ""));
	}
}

static void print_containers(FILE *out, const char *title, const json_t *list)
{
	size_t i;
	json_t *c;
	fprintf(out, "  %s:%s\n", title, json_array_size(list) ? "" : " <none>");
	json_array_foreach(list, i, c) {
		fprintf(out, "   %s:\n    Image:\t%s\n", json_get_str(c, "name", ""), json_get_str(c, "image", ""));
		const json_t *ports = json_object_get(c, "ports");
		print_ports(out, "Port", "Ports", ports, "containerPort");
		print_ports(out, "Host Port", "Host Ports", ports, "hostPort");
		const json_t *seccomp = json_object_get(json_object_get(c, "securityContext"), "seccompProfile");
		if (seccomp) {
			fprintf(out, "    SeccompProfile:\t%s\n", json_get_str(seccomp, "type", ""));
			if (!strcmp(json_get_str(seccomp, "type", ""), "Localhost"))
				fprintf(out, "      LocalhostProfile:\t%s\n",
					json_get_str(seccomp, "localhostProfile", ""));
		}
		print_lines(out, "Command", json_object_get(c, "command"));
		print_lines(out, "Args", json_object_get(c, "args"));
		const json_t *res = json_object_get(c, "resources");
		print_resource_list(out, "Limits", json_object_get(res, "limits"));
		print_resource_list(out, "Requests", json_object_get(res, "requests"));
		print_probe(out, "Liveness", json_object_get(c, "livenessProbe"));
		print_probe(out, "Readiness", json_object_get(c, "readinessProbe"));
		print_probe(out, "Startup", json_object_get(c, "startupProbe"));
		print_env_from(out, json_object_get(c, "envFrom"));
		print_env(out, c);
		print_mounts(out, c);
	}
}

/* An optional boolean as Go prints a *bool: <nil>, true or false. */
static const char *go_bool_ptr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return !json_is_boolean(v) ? "<nil>" : json_is_true(v) ? "true" : "false";
}

static void print_volume(FILE *out, const json_t *v)
{
	const json_t *s;
	if ((s = json_object_get(v, "hostPath"))) {
		fprintf(out, "    Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
			json_get_str(s, "path", ""), json_get_str(s, "type", "<none>"));
	} else if ((s = json_object_get(v, "emptyDir"))) {
		const char *limit = json_get_str(s, "sizeLimit", "");
		fprintf(out,
			"    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t%s\n"
			"    SizeLimit:\t%s\n",
			json_get_str(s, "medium", ""), quantity_value(limit) > 0 ? limit : "<unset>");
	} else if ((s = json_object_get(v, "secret"))) {
		fprintf(out,
			"    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
			json_get_str(s, "secretName", ""), is_true(s, "optional") ? "true" : "false");
	} else if ((s = json_object_get(v, "configMap"))) {
		fprintf(out,
			"    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
			json_get_str(s, "name", ""), is_true(s, "optional") ? "true" : "false");
	} else if ((s = json_object_get(v, "persistentVolumeClaim"))) {
		fprintf(out,
			"    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
			"namespace)\n"
			"    ClaimName:\t%s\n    ReadOnly:\t%s\n",
			json_get_str(s, "claimName", ""), is_true(s, "readOnly") ? "true" : "false");
	} else if ((s = json_object_get(v, "projected"))) {
		size_t i;
		json_t *src;
		fprintf(out, "    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
		json_array_foreach(json_object_get(s, "sources"), i, src) {
			const json_t *x;
			if ((x = json_object_get(src, "secret")))
				fprintf(out, "    SecretName:\t%s\n    SecretOptionalName:\t%s\n",
					json_get_str(x, "name", ""), go_bool_ptr(x, "optional"));
			else if (json_object_get(src, "downwardAPI"))
				fprintf(out, "    DownwardAPI:\ttrue\n");
			else if ((x = json_object_get(src, "configMap")))
				fprintf(out, "    ConfigMapName:\t%s\n    ConfigMapOptional:\t%s\n",
					json_get_str(x, "name", ""), go_bool_ptr(x, "optional"));
			else if ((x = json_object_get(src, "serviceAccountToken")))
				fprintf(out, "    TokenExpirationSeconds:\t%lld\n",
					json_get_int(x, "expirationSeconds", 0));
		}
	} else if ((s = json_object_get(v, "downwardAPI"))) {
		size_t i;
		json_t *item, *ref;
		fprintf(out, "    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
		json_array_foreach(json_object_get(s, "items"), i, item) {
			if ((ref = json_object_get(item, "fieldRef")))
				fprintf(out, "      %s -> %s\n", json_get_str(ref, "fieldPath", ""),
					json_get_str(item, "path", ""));
			if ((ref = json_object_get(item, "resourceFieldRef")))
				fprintf(out, "      %s -> %s\n", json_get_str(ref, "resource", ""),
					json_get_str(item, "path", ""));
		}
	} else {
		/* The rarer sources (NFS, CSI, cloud disks...) only by name. */
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)v, key, val) {
			if (strcmp(key, "name"))
				fprintf(out, "    Type:\t%s\n", key);
		}
	}
}

static int cmp_toleration(const void *x, const void *y)
{
	return strcmp(json_get_str(*(json_t *const *)x, "key", ""), json_get_str(*(json_t *const *)y, "key", ""));
}

static void print_tolerations(FILE *out, const json_t *list)
{
	size_t n = json_array_size(list);
	fprintf(out, "  Tolerations:\t");
	if (!n)
		fprintf(out, "<none>\n");
	json_t **t = xcalloc(n ? n : 1, sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i] = json_array_get(list, i);
	qsort(t, n, sizeof *t, cmp_toleration);
	for (size_t i = 0; i < n; i++) {
		const char *key = json_get_str(t[i], "key", ""), *value = json_get_str(t[i], "value", ""),
			   *effect = json_get_str(t[i], "effect", "");
		fprintf(out, "%s%s", i ? "\t" : "", key);
		if (*value)
			fprintf(out, "=%s", value);
		if (*effect)
			fprintf(out, ":%s", effect);
		if (!strcmp(json_get_str(t[i], "operator", ""), "Exists") && !*value)
			fprintf(out, "%sop=Exists", *key || *effect ? " " : "");
		if (json_is_integer(json_object_get(t[i], "tolerationSeconds")))
			fprintf(out, " for %llds", json_get_int(t[i], "tolerationSeconds", 0));
		fputc('\n', out);
	}
	free(t);
}

void describe_pod_template(FILE *out, const json_t *tmpl)
{
	const json_t *meta = json_object_get(tmpl, "metadata"), *spec = json_object_get(tmpl, "spec");
	fprintf(out, "Pod Template:\n");
	print_labels(out, "  Labels", json_object_get(meta, "labels"));
	/* Absent or empty: no line at all; only skipped keys: <none>. */
	if (json_object_size(json_object_get(meta, "annotations")))
		print_annotations(out, "  Annotations", json_object_get(meta, "annotations"));
	const char *sa = json_get_str(spec, "serviceAccountName", "");
	if (*sa)
		fprintf(out, "  Service Account:\t%s\n", sa);
	if (json_array_size(json_object_get(spec, "initContainers")))
		print_containers(out, "Init Containers", json_object_get(spec, "initContainers"));
	print_containers(out, "Containers", json_object_get(spec, "containers"));
	const json_t *vols = json_object_get(spec, "volumes"), *v;
	size_t i;
	fprintf(out, "  Volumes:%s\n", json_array_size(vols) ? "" : "\t<none>");
	json_array_foreach(vols, i, v) {
		fprintf(out, "   %s:\n", json_get_str(v, "name", ""));
		print_volume(out, v);
	}
	const char *prio = json_get_str(spec, "priorityClassName", "");
	if (*prio)
		fprintf(out, "  Priority Class Name:\t%s\n", prio);
	print_labels(out, "  Node-Selectors", json_object_get(spec, "nodeSelector"));
	print_tolerations(out, json_object_get(spec, "tolerations"));
}

double quantity_value(const char *q)
{
	static const struct {
		const char *suffix;
		double scale;
	} suffixes[] = {
		{"Ki", 0x1p10}, {"Mi", 0x1p20}, {"Gi", 0x1p30}, {"Ti", 0x1p40}, {"Pi", 0x1p50}, {"Ei", 0x1p60},
		{"n", 1e-9},    {"u", 1e-6},    {"m", 1e-3},    {"k", 1e3},     {"M", 1e6},     {"G", 1e9},
		{"T", 1e12},    {"P", 1e15},    {"E", 1e18},    {"", 1},
	};
	if (!q || !*q)
		return -1;
	char *end;
	double v = strtod(q, &end);
	if (end == q || isspace((unsigned char)*q))
		return -1;
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
		if (!strcmp(end, suffixes[i].suffix))
			return v * suffixes[i].scale;
	return -1;
}
