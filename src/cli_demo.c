/* The demo company's history (data/history): its command lines replayed
 * through the command table, each as its person at its time, so the demo
 * database holds what the program itself would have made: no row is
 * written around the engine's rules. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auth.h"
#include "cli.h"
#include "config.h"
#include "util.h"

#define MAX_ARGS 32
#define MAX_NAMES 64

struct history {
	const char *path;
	int line;
	time_t today;                 /* midnight of the day the demo is made */
	char *names[MAX_NAMES], *values[MAX_NAMES];
	int n_names;
};

static const char *kept(const struct history *h, const char *name, size_t len)
{
	for (int i = 0; i < h->n_names; i++)
		if (strlen(h->names[i]) == len && strncmp(h->names[i], name, len) == 0)
			return h->values[i];
	return NULL;
}

/* One word with {+N}, {data} and $NAME replaced. Caller frees; NULL (with
 * the failure set) for an unknown name or brace. */
static char *expand(struct history *h, const char *w, size_t len)
{
	strbuf sb = {0};

	for (size_t i = 0; i < len; i++) {
		if (w[i] == '$') {
			size_t n = 0;

			while (i + 1 + n < len && (w[i + 1 + n] == '_' || (w[i + 1 + n] >= 'a' && w[i + 1 + n] <= 'z') ||
						   (w[i + 1 + n] >= '0' && w[i + 1 + n] <= '9')))
				n++;
			const char *v = kept(h, w + i + 1, n);

			if (!v) {
				af_fail(AF_INVALID, "$%.*s: no request kept under that name", (int)n, w + i + 1);
				sb_free(&sb);
				return NULL;
			}
			sb_puts(&sb, v);
			i += n;
		} else if (w[i] == '{') {
			const char *end = memchr(w + i, '}', len - i);
			char *stop;
			long days;

			if (end && (size_t)(end - (w + i)) == 5 && strncmp(w + i, "{data}", 6) == 0) {
				sb_puts(&sb, cfg.data_dir);
			} else if (end && (days = strtol(w + i + 1, &stop, 10), stop == end) && stop > w + i + 1) {
				time_t t = h->today + days * 86400;
				char date[32];

				af_format_time(t, date, sizeof date);
				date[10] = '\0';
				sb_puts(&sb, date);
			} else {
				af_fail(AF_INVALID, "%.*s: not a date ({-N}, {0}, {+N}) nor {data}",
					end ? (int)(end - (w + i) + 1) : (int)(len - i), w + i);
				sb_free(&sb);
				return NULL;
			}
			i = (size_t)(end - w);
		} else {
			sb_add(&sb, w + i, 1);
		}
	}
	return sb.buf ? sb.buf : xstrdup("");
}

/* Splits a line into words ("double quotes" keep spaces). Returns the
 * number of words, -1 (failure set) for a quote left open or too many. */
static int split(struct history *h, char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n' || *p == '#')
			return argc;
		if (argc == MAX_ARGS) {
			af_fail(AF_INVALID, "more than %d words", MAX_ARGS);
			goto fail;
		}
		strbuf raw = {0};

		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			if (*p == '"') {
				char *close = strchr(p + 1, '"');

				if (!close) {
					sb_free(&raw);
					af_fail(AF_INVALID, "a quote left open");
					goto fail;
				}
				sb_add(&raw, p + 1, (size_t)(close - p - 1));
				p = close + 1;
			} else {
				sb_add(&raw, p++, 1);
			}
		}
		argv[argc] = expand(h, raw.buf ? raw.buf : "", raw.len);
		sb_free(&raw);
		if (!argv[argc])
			goto fail;
		argc++;
	}
fail:
	while (argc > 0)
		free(argv[--argc]);
	return -1;
}

/* Runs argv as login at the time day/hh:mm; what it printed (its first
 * line) goes to *out when out is not NULL. */
static af_status run_line(struct history *h, int argc, char **argv, char **out)
{
	int day, hh, mm;
	char *end;
	af_status st;

	day = (int)strtol(argv[0], &end, 10);
	if (*end || sscanf(argv[1], "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return af_fail(AF_INVALID, "'%s %s': expected DAY (-N, 0, +N) and TIME (HH:MM)", argv[0], argv[1]);
	if ((st = auth_become(argv[2])) != AF_OK)
		return st;
	{
		time_t real = af_now(), at = h->today + day * 86400 + hh * 3600 + mm * 60;

		af_pin_now(at < real ? at : real);
	}
	/* What the command prints (a request's number) is kept, not shown. */
	fflush(stdout);
	FILE *tmp = tmpfile();
	int saved = tmp ? dup(STDOUT_FILENO) : -1;

	if (saved < 0) {
		if (tmp)
			fclose(tmp);
		af_pin_now(0);
		return af_fail(AF_ERROR, "no temporary file for the command's output");
	}
	dup2(fileno(tmp), STDOUT_FILENO);
	st = cli_command(argc - 3, argv + 3);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	af_pin_now(0);
	if (st == AF_OK && out) {
		char buf[256] = "";

		rewind(tmp);
		if (fgets(buf, sizeof buf, tmp))
			buf[strcspn(buf, "\t\n")] = '\0';
		*out = xstrdup(buf);
	}
	fclose(tmp);
	return st;
}

af_status cli_demo_history(const char *path)
{
	struct history h = { path, 0, 0, {0}, {0}, 0 };
	FILE *f = fopen(path, "r");
	char line[4096];
	af_status st = AF_OK;

	if (!f)
		return af_fail(AF_INVALID, "%s: cannot read the demo's history", path);
	h.today = af_now() / 86400 * 86400;
	while (st == AF_OK && fgets(line, sizeof line, f)) {
		char *argv[MAX_ARGS + 1] = {0}, *name = NULL, *number = NULL;
		int argc;

		h.line++;
		argc = split(&h, line, argv);
		if (argc > 0 && argv[argc - 1][0] == '>') {
			name = argv[--argc];
			argv[argc] = NULL;
		}
		if (argc < 0)
			st = AF_INVALID;
		else if (argc > 0 && argc < 4)
			st = af_fail(AF_INVALID, "expected DAY TIME LOGIN COMMAND ARGUMENTS...");
		else if (argc > 0 && name && h.n_names == MAX_NAMES)
			st = af_fail(AF_INVALID, "more than %d names kept", MAX_NAMES);
		else if (argc > 0)
			st = run_line(&h, argc, argv, name ? &number : NULL);
		if (st == AF_OK && number) {
			h.names[h.n_names] = xstrdup(name + 1);
			h.values[h.n_names++] = number;
		}
		if (st != AF_OK) {
			char *why = xstrdup(af_errmsg());

			st = af_fail(st, "%s:%d: %s", path, h.line, why);
			free(why);
		}
		for (int i = 0; i < argc; i++)
			free(argv[i]);
		free(name);
	}
	fclose(f);
	for (int i = 0; i < h.n_names; i++) {
		free(h.names[i]);
		free(h.values[i]);
	}
	memset(&me, 0, sizeof me);
	return st;
}
