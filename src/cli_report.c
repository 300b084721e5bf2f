/* Commands of the reports: report NAME, export inventory-count, and the
 * reminders of licences, stock and bookings that remind adds to the
 * engine's. Arguments here, figures in report.c. */
#include "autoconf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "config.h"
#include "formdef.h"
#include "report.h"
#include "util.h"

#define REPORT_USAGE "usage: adminflow report NAME [--from DATE] [--to DATE] [--department D] [--csv] [-o FILE]" \
	" | report inventory-count|supplies-count [--print] [--location L] [-o FILE]"

enum format { FMT_TEXT, FMT_CSV, FMT_PRINT };

struct job {
	report r;
	report_opts o;
	enum format fmt;
	int page_lines, width;
};

static af_status write_job(void *ctx, FILE *out)
{
	struct job *j = ctx;

	if (j->fmt == FMT_CSV)
		report_write_csv(&j->r, out);
	else if (j->fmt == FMT_PRINT)
		report_write_pages(&j->r, &j->o, out, j->page_lines, j->width);
	else
		report_write_text(&j->r, out);
	return AF_OK;
}

static int positive(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

/* Options shared by report and export inventory-count, from argv[first]. */
static af_status parse(int argc, char **argv, int first, const char **name, struct job *j, const char **path)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--csv") == 0) {
			j->fmt = FMT_CSV;
		} else if (strcmp(a, "--print") == 0) {
			j->fmt = FMT_PRINT;
		} else if (v && strcmp(a, "--from") == 0) {
			j->o.from = v;
			i++;
		} else if (v && strcmp(a, "--to") == 0) {
			j->o.to = v;
			i++;
		} else if (v && strcmp(a, "--department") == 0) {
			j->o.department = v;
			i++;
		} else if (v && strcmp(a, "--location") == 0) {
			j->o.location = v;
			i++;
		} else if (v && strcmp(a, "-o") == 0) {
			*path = v;
			i++;
		} else if (v && strcmp(a, "--lines") == 0) {
			if (!positive(v, 12, 1000, &j->page_lines))
				return af_fail(AF_INVALID, "--lines: '%s' is not a page length from 12 to 1000", v);
			i++;
		} else if (v && strcmp(a, "--width") == 0) {
			if (!positive(v, 60, 400, &j->width))
				return af_fail(AF_INVALID, "--width: '%s' is not a width from 60 to 400 columns", v);
			i++;
		} else if (name && !**name && a[0] != '-') {
			*name = a;
		} else {
			return af_fail(AF_USAGE, "%s: unexpected argument '%s' (usage: adminflow %s)", argv[0], a,
				       name ? "report NAME [--from DATE] [--to DATE] [--department D] [--csv] [-o FILE]"
				       : "export inventory-count [--location L] [-o FILE]");
		}
	}
	return AF_OK;
}

/* report: the list of reports. */
static void list_reports(void)
{
	printf("name\ttitle\n");
	for (int i = 0; report_list[i].name; i++)
		printf("%s\t%s\n", report_list[i].name, report_list[i].title);
}

af_status cmd_report(int argc, char **argv)
{
	struct job j = { .page_lines = REPORT_PAGE_LINES, .width = REPORT_PAGE_WIDTH };
	const char *name = "", *path = NULL;
	af_status st;

	if (argc == 1) {
		list_reports();
		return AF_OK;
	}
	st = parse(argc, argv, 1, &name, &j, &path);
	if (st != AF_OK)
		return st;
	if (!*name)
		return af_fail(AF_USAGE, "%s", REPORT_USAGE);
	if (j.fmt == FMT_PRINT && strcmp(name, "inventory-count") != 0 && strcmp(name, "supplies-count") != 0)
		return af_fail(AF_USAGE, "report %s: --print is for the count sheets (inventory-count, supplies-count)",
			       name);
	if (j.o.location && strcmp(name, "inventory-count") != 0 && strcmp(name, "supplies-count") != 0)
		return af_fail(AF_USAGE, "report %s: --location is for the count sheets (inventory-count, supplies-count)",
			       name);
	formdef_load(cfg.forms_dir, NULL); /* titles of the affairs; broken files: see forms check */
	st = report_run(name, &j.o, &j.r);
	if (st == AF_OK)
		st = af_write_file(path, write_job, &j);
	report_free(&j.r);
	return st;
}

/* export inventory-count [--location L] [-o FILE]: the count sheet as CSV. */
af_status cmd_export_inventory(int argc, char **argv)
{
	struct job j = { .fmt = FMT_CSV };
	const char *path = NULL;
	af_status st = parse(argc, argv, 2, NULL, &j, &path);

	if (st != AF_OK)
		return st;
	if (j.fmt != FMT_CSV || j.o.from || j.o.to || j.o.department)
		return af_fail(AF_USAGE, "usage: adminflow export inventory-count [--location L] [-o FILE]");
	st = report_inventory(&j.o, &j.r);
	if (st == AF_OK)
		st = af_write_file(path, write_job, &j);
	report_free(&j.r);
	return st;
}
