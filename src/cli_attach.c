/* attach NUMBER FILE...; attachment NUMBER [N -o FILE [--force]] */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attach.h"
#include "cli.h"
#include "util.h"

af_status cmd_attach(int argc, char **argv)
{
	af_status st = AF_OK;

	if (argc < 3)
		return af_fail(AF_USAGE, "usage: adminflow attach NUMBER FILE...");
	cli_load_forms();
	for (int i = 2; i < argc && st == AF_OK; i++) {
		int n;

		st = attach_add(argv[1], argv[i], &n);
		if (st == AF_OK)
			printf("%d\n", n);
	}
	return st;
}

struct saving {
	const char *number;
	int n;
};

/* An attachment is the file's own bytes: on standard output (-o -) they go
 * to the descriptor itself, not through the terminal rule that shows
 * controls, which would change a binary file. */
static af_status write_one(void *ctx, FILE *out)
{
	const struct saving *s = ctx;
	af_status st;
	FILE *raw;
	int fd;

	if (out != stdout)
		return attach_write(s->number, s->n, out);
	fflush(stdout);
	fd = dup(STDOUT_FILENO);
	raw = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!raw) {
		if (fd >= 0)
			close(fd);
		return af_fail(AF_ERROR, "standard output: %s", strerror(errno));
	}
	st = attach_write(s->number, s->n, raw);
	if (fclose(raw) != 0 && st == AF_OK)
		st = af_fail(AF_ERROR, "standard output: write failed: %s", strerror(errno));
	return st;
}

af_status cmd_attachment(int argc, char **argv)
{
	static const char usage[] = "usage: adminflow attachment NUMBER [N -o FILE [--force]]";
	const char *number = NULL, *path = NULL, *nth = NULL;
	int force = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (!number && argv[i][0] != '-')
			number = argv[i];
		else if (!nth && argv[i][0] != '-')
			nth = argv[i];
		else
			return af_fail(AF_USAGE, "%s", usage);
	}
	if (!number || (nth && !path) || (!nth && (path || force)))
		return af_fail(AF_USAGE, "%s", usage);
	cli_load_forms();
	if (!nth) {
		attach_info *v;
		int nv;
		af_status st = attach_list(number, &v, &nv);

		if (st != AF_OK)
			return st;
		printf("n\tname\tbytes\ttype\tsha256\n");
		for (int i = 0; i < nv; i++) {
			printf("%d\t", v[i].n);
			for (const char *p = v[i].name; *p; p++) /* one cell: no tab or line break */
				putchar((unsigned char)*p < 0x20 ? '?' : *p);
			printf("\t%lld\t%s\t%s\n", (long long)v[i].size, v[i].type, v[i].sha256);
		}
		attach_list_free(v, nv);
		return AF_OK;
	}
	{
		char *end;
		long n = strtol(nth, &end, 10);
		struct saving s = { number, (int)n };
		af_status rc;

		if (*end || n < 1 || n > 100000)
			return af_fail(AF_INVALID, "attachment: '%s' is not an attachment's number (1, 2, ...)", nth);
		if (strcmp(path, "-") != 0)
			return attach_save(number, (int)n, path, force);
		rc = af_write_file(path, write_one, &s);
		return rc;
	}
}
