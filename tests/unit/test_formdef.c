/* Unit tests for form definitions, as TAP: the seed forms load cleanly and
 * parse as intended, and every broken fixture gives exactly the messages
 * its "# expect: LINE: message" comments name ({DIR} stands for the
 * fixture directory). */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <glob.h>
#include <locale.h>
#include "formdef.h"
#include "formdef_int.h" /* formdef_suggest */
#include "tap.h"

#define MAX_LINES 400

static char *lines[MAX_LINES];
static int n_lines;

static void forget_lines(void)
{
	while (n_lines > 0)
		free(lines[--n_lines]);
}

/* Reads what fp collected into lines[] and closes fp. */
static void take_lines(FILE *fp)
{
	char buf[2048];

	forget_lines();
	rewind(fp);
	while (fgets(buf, sizeof buf, fp) && n_lines < MAX_LINES) {
		buf[strcspn(buf, "\n")] = '\0';
		lines[n_lines++] = strdup(buf);
	}
	fclose(fp);
}

static int has_line(const char *want)
{
	int i;

	for (i = 0; i < n_lines; i++)
		if (!strcmp(lines[i], want))
			return 1;
	return 0;
}

static void show_lines(void)
{
	int i;

	for (i = 0; i < n_lines; i++)
		printf("# got: %s\n", lines[i]);
}

/* How many form files DIR holds (*.conf). */
static int conf_files(const char *dir)
{
	char pattern[4200];
	glob_t g;
	int n;

	snprintf(pattern, sizeof pattern, "%s/*.conf", dir);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

static const form_field *field(const form_def *f, const char *name)
{
	return formdef_field(f, name);
}

static const form_step *step(const form_def *f, const char *name)
{
	return formdef_step(f, name);
}

static int has_effect(const form_def *f, const char *name)
{
	int i;

	for (i = 0; f && i < f->n_effects; i++)
		if (!strcmp(f->effects[i], name))
			return 1;
	return 0;
}

static int num_lookup(void *ctx, const char *name, expr_value *out)
{
	if (!strcmp(name, "over_budget")) { /* within budget */
		out->type = EXPR_BOOL;
		out->num = 0;
		return 1;
	}
	if (strcmp(name, "amount"))
		return 0;
	out->type = EXPR_NUM;
	out->num = *(int64_t *)ctx;
	return 1;
}

static void test_seed(const char *srcdir)
{
	char dir[4096];
	const form_def *f;
	const form_field *fl;
	const form_step *st;
	FILE *err = tmpfile();
	af_status rc;
	int64_t amount;
	char why[128];
	int i;
	static const char *const ids[] = {
		"room_booking", "supplies", "repair", "printing", "vehicle",
		"space", "meeting", "travel", "expense", "procurement", "seal",
		"licence", "express", "suggestion", "space_release",
		"staff_asset", "staff_asset_return",
	};
	int seeds;

	snprintf(dir, sizeof dir, "%s/forms", srcdir);
	seeds = conf_files(dir);
	rc = formdef_load(dir, err);
	take_lines(err);
	ok(rc == AF_OK, "the seed forms load");
	ok(n_lines == 0, "without a single message");
	show_lines();
	/* Every file of forms/ is a form: counted here by glob(3), apart from
	 * the loader's own reading of the folder. */
	ok(seeds == (int)(sizeof ids / sizeof ids[0]), "the seed forms are the %d named here (forms/ has %d)",
	   (int)(sizeof ids / sizeof ids[0]), seeds);
	ok(formdef_count() == seeds, "every seed form loaded (got %d of %d)", formdef_count(), seeds);
	for (i = 0; i < (int)(sizeof ids / sizeof ids[0]); i++) {
		f = formdef_find(ids[i]);
		ok(f && f->n_steps >= 1 && f->n_steps <= 5,
		   "%s: loaded, 1..5 steps", ids[i]);
	}
	ok(!strcmp(formdef_at(0)->id, "expense"), "forms come sorted by file name");
	ok(formdef_at(seeds - 1) != NULL && formdef_at(seeds) == NULL && formdef_at(-1) == NULL,
	   "formdef_at bounds");
	ok(formdef_find("nosuch") == NULL, "an unknown id is NULL");

	f = formdef_find("expense");
	ok(f && !strcmp(f->title, "费用报销") && !strcmp(f->prefix, "BX"),
	   "expense: title and prefix");
	ok(f && f->file && strstr(f->file, "forms/expense.conf") && f->line == 5,
	   "expense: file and line");
	ok(f && f->summary_field && !strcmp(f->summary_field, "purpose"),
	   "expense: summary field");
	fl = field(f, "amount");
	ok(fl && fl->type == FT_MONEY && fl->required, "amount: a required money field");
	ok(fl && fl->has_min && fl->min == 1, "amount: min 0.01 is 1 cent");
	ok(fl && fl->has_max && fl->max == 100000000, "amount: max in cents");
	ok(fl && fl->help && !strcmp(fl->help, "含税金额, 明细之和"), "amount: help");
	ok(fl && fl->sum && fl->sum_of == 0 && fl->sum_column == 1,
	   "amount: computed from lines.amount (field 0, column 1)");
	ok(field(f, "category") == NULL, "no category field: categories are per line");
	fl = field(f, "lines");
	ok(fl && fl->type == FT_LINES && fl->required && fl->min_rows == 1 && fl->max_rows == 50
	   && fl->n_columns == 4, "lines: required, 1..50 rows, four columns");
	ok(fl && fl->columns[0].type == FT_CHOICE && fl->columns[0].n_options == 4
	   && !strcmp(fl->columns[0].options[3], "other") && fl->columns[0].required,
	   "lines: category, a required choice of four");
	ok(fl && fl->columns[1].type == FT_MONEY && fl->columns[1].has_min && fl->columns[1].min == 1,
	   "lines: amount, money from 0.01");
	ok(fl && fl->columns[2].type == FT_INTEGER && fl->columns[2].has_min && fl->columns[2].min == 0
	   && !strcmp(fl->columns[2].label, "票据张数"), "lines: receipts, a count from 0");
	ok(fl && fl->columns[3].type == FT_TEXT && fl->columns[3].max_length == 100,
	   "lines: note, text up to 100 bytes");
	ok(!strcmp(formdef_type_name(FT_LINES), "lines"), "the type is named lines");
	fl = field(f, "trip");
	ok(fl && fl->type == FT_REQUEST && !strcmp(fl->ref_form, "travel"),
	   "trip: refers to travel requests (a later file)");
	fl = field(f, "purpose");
	ok(fl && fl->max_length == 200, "purpose: max_length");
	ok(field(f, "bank_account") && field(f, "bank_account")->sensitive,
	   "bank_account: sensitive");
	ok(field(f, "nosuch") == NULL, "an unknown field is NULL");

	st = step(f, "head");
	ok(st && st->n_approvers == 1 && st->approvers[0].kind == AP_DEPT_HEAD
	   && st->time_limit == 24 && st->on_timeout == TO_REMIND,
	   "head: dept_head, 24 hours, remind");
	st = step(f, "finance");
	ok(st && st->approvers[0].kind == AP_ROLE
	   && !strcmp(st->approvers[0].arg, "finance") && !st->mode_all,
	   "finance: role:finance, any one");
	ok(st && st->on_timeout == TO_ESCALATE_ROLE
	   && !strcmp(st->escalate_role, "admin_manager"),
	   "finance: escalates to admin_manager");
	ok(st && st->n_editable == 1 && !strcmp(st->editable[0], "lines"),
	   "finance: may edit the lines (and so the amount)");
	ok(st && !st->when, "finance: no condition");
	st = step(f, "gm");
	ok(st && st->when && !strcmp(st->when_text, "amount > 5000 || over_budget"),
	   "gm: condition compiled");
	amount = 600000;
	ok(st && expr_test(st->when, num_lookup, &amount, why, sizeof why) == 1,
	   "gm: 6000.00 needs the general manager");
	amount = 500000;
	ok(st && expr_test(st->when, num_lookup, &amount, why, sizeof why) == 0,
	   "gm: 5000.00 does not");
	ok(st && st->n_cc == 1 && st->cc[0].kind == AP_ROLE, "gm: cc a role");
	ok(st && !strcmp(st->title, "总经理审批"), "gm: title");
	/* The English titles and labels, shown when messages are not Chinese
	 * (this test runs in the C locale). */
	ok(f && f->title_en && !strcmp(formdef_title(f), "Expense claim"), "expense: title_en");
	ok(st && st->title_en && !strcmp(formdef_step_title(st), "General manager"), "gm: title_en");
	fl = field(f, "amount");
	ok(fl && fl->label_en && !strcmp(formdef_label(fl), "Amount"), "amount: label_en");
	if (setlocale(LC_MESSAGES, "zh_CN.UTF-8")) {
		ok(!strcmp(formdef_title(f), "费用报销") && !strcmp(formdef_label(fl), "金额") &&
		   st && !strcmp(formdef_step_title(st), "总经理审批"), "in Chinese: the forms' own words");
		setlocale(LC_MESSAGES, "C");
	} else {
		ok(1, "# SKIP the zh_CN.UTF-8 locale is not installed");
	}
	ok(f && f->n_cc == 1 && f->cc[0].kind == AP_FIELD
	   && !strcmp(f->cc[0].arg, "cc_person"), "expense: cc field:cc_person");
	ok(f && f->n_effects == 2 && !has_effect(f, "paid_mark")
	   && has_effect(f, "archive"), "expense: effects (paid by finance, not at the last approval)");
	ok(formdef_serves(f, "payment") && formdef_serves(f, "budget") && formdef_serving("payment") == f,
	   "expense: serves payment and budget");
	ok(f && !f->allow_auto_approve, "expense: no auto approval");

	f = formdef_find("room_booking");
	st = f ? &f->steps[f->n_steps - 1] : NULL;
	ok(st && st->approvers[0].kind == AP_FIELD
	   && !strcmp(st->approvers[0].arg, "room"), "room_booking: venue by field:room");
	ok(has_effect(f, "booking"), "room_booking: books the room");
	fl = field(f, "equipment");
	ok(fl && fl->type == FT_MULTICHOICE && fl->n_options == 9 && !strcmp(fl->options[0], "投影仪"),
	   "equipment: multichoice of what rooms have");
	fl = field(f, "attendees");
	ok(fl && fl->type == FT_INTEGER && fl->min == 1 && fl->max == 500,
	   "attendees: integer limits as they are");
	f = formdef_find("printing");
	ok(f && step(f, "head") && step(f, "head")->when, "printing: head only for big jobs");
	fl = field(f, "copies");
	ok(fl && fl->def && !strcmp(fl->def, "1"), "printing: default copies");
	f = formdef_find("procurement");
	ok(f && f->n_steps == 4 && step(f, "gm")->when, "procurement: four steps, gm conditional");
	f = formdef_find("seal");
	ok(f && step(f, "keeper")->approvers[0].kind == AP_FIELD
	   && has_effect(f, "seal_register"), "seal: the keeper of the seal");
	f = formdef_find("express");
	ok(f && f->n_steps == 1 && !strcmp(f->prefix, "KD"), "express: one step");
	f = formdef_find("licence");
	ok(f && step(f, "manager")->on_timeout == TO_ESCALATE_UP, "licence: escalate:up");

	f = formdef_find("expense");
	ok(formdef_ident_known(f, "amount") && formdef_ident_known(f, "applicant.title")
	   && !formdef_ident_known(f, "applicant.salary")
	   && !formdef_ident_known(f, "amout"), "formdef_ident_known");
	ok(!strcmp(formdef_type_name(FT_SUPPLY_LINES), "supply_lines")
	   && !strcmp(formdef_type_name(FT_REQUEST), "request")
	   && !strcmp(formdef_type_name(FT_TEXT), "text"), "formdef_type_name");
	ok(formdef_known_role("seal_keeper") && !formdef_known_role("financ"),
	   "formdef_known_role");
	ok(formdef_known_effect("vehicle_booking") && !formdef_known_effect("archiv"),
	   "formdef_known_effect");
	forget_lines();
}

/* "PATH:REST" with each {DIR} in REST replaced by dir; the caller frees. */
static char *expected_line(const char *path, const char *rest, const char *dir)
{
	size_t cap = strlen(path) + strlen(rest) + 2, len;
	const char *at;
	char *out;

	for (at = rest; (at = strstr(at, "{DIR}")); at += 5)
		cap += strlen(dir);
	out = malloc(cap);
	len = (size_t)sprintf(out, "%s:", path);
	while ((at = strstr(rest, "{DIR}"))) {
		len += (size_t)sprintf(out + len, "%.*s%s", (int)(at - rest), rest, dir);
		rest = at + 5;
	}
	strcpy(out + len, rest);
	return out;
}

/* The expected messages of every fixture, from its "# expect:" lines. */
static int read_expectations(const char *dir, char ***out)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **want = NULL;
	int n = 0;

	if (!dp)
		return 0;
	while ((de = readdir(dp))) {
		char path[4096 + 512], buf[2048];
		size_t len = strlen(de->d_name);
		FILE *fp;

		if (len < 6 || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		while (fgets(buf, sizeof buf, fp)) {
			if (strncmp(buf, "# expect: ", 10))
				continue;
			buf[strcspn(buf, "\n")] = '\0';
			char **grown = realloc(want, (size_t)(n + 1) * sizeof *want);

			if (!grown)
				break;
			want = grown;
			want[n++] = expected_line(path, buf + 10, dir);
		}
		fclose(fp);
	}
	closedir(dp);
	*out = want;
	return n;
}

static void test_bad(const char *srcdir)
{
	char dir[4096], **want = NULL;
	int n_want, i, n_forms = -1, n_warn = -1, unexpected = 0, missing = 0;
	const form_def *f;
	FILE *err = tmpfile();
	af_status rc;

	snprintf(dir, sizeof dir, "%s/tests/fixtures/forms-bad", srcdir);
	n_want = read_expectations(dir, &want);
	ok(n_want > 50, "fixtures name their expected messages (%d)", n_want);

	rc = formdef_check_dir(dir, err, &n_forms, &n_warn);
	take_lines(err);
	ok(rc == AF_INVALID, "broken forms: AF_INVALID");
	ok(n_forms == 3, "only dup_a, many_steps and conditions would load (%d)", n_forms);
	ok(n_warn == 4, "four warnings (%d)", n_warn);
	for (i = 0; i < n_want; i++) {
		int found = has_line(want[i]);

		ok(found, "%s", want[i] + strlen(dir) + 1);
		missing += !found;
	}
	for (i = 0; i < n_lines; i++) {
		int j;

		for (j = 0; j < n_want; j++)
			if (!strcmp(lines[i], want[j]))
				break;
		if (j == n_want) {
			printf("# unexpected: %s\n", lines[i]);
			unexpected++;
		}
	}
	ok(unexpected == 0, "no message that a fixture does not expect");
	if (missing)
		show_lines();
	ok(has_line("") == 0 && n_lines == n_want, "one line per message");
	for (i = 0; i < n_want; i++)
		free(want[i]);
	free(want);

	{
		char seed_dir[4096];

		snprintf(seed_dir, sizeof seed_dir, "%s/forms", srcdir);
		ok(formdef_count() == conf_files(seed_dir), "checking a directory keeps the loaded forms");
	}

	/* Loading the same directory: the good forms are still there. */
	rc = formdef_load(dir, NULL);
	ok(rc == AF_INVALID && formdef_count() == 3, "load keeps the clean forms");
	f = formdef_find("many_steps");
	ok(f && f->n_steps == 6 && f->steps[5].mode_all
	   && f->steps[4].approvers[0].kind == AP_CHAIN
	   && f->steps[4].approvers[0].levels == 5,
	   "six steps load with a warning; mode all; chain:5");
	f = formdef_find("dup");
	ok(f && strstr(f->file, "dup_a.conf"), "the first of two duplicate ids wins");
	ok(!formdef_find("ref_unknown") && !formdef_find("ref_broken"),
	   "forms referring to missing forms are dropped");
	formdef_free();
	ok(formdef_count() == 0 && formdef_find("dup") == NULL, "formdef_free");
	forget_lines();
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* Files too large for fixtures: made here, in a scratch directory. */
static void test_limits(void)
{
	char dir[] = "/tmp/test_formdef.XXXXXX", path[256], want[512];
	FILE *fp, *err;
	int i, n_forms = -1;
	af_status rc;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/fields.conf", dir);
	fp = fopen(path, "w");
	fprintf(fp, "form = {\n  id = \"f\"; title = \"T\"; prefix = \"F\";\n"
		"  fields = (\n");
	for (i = 0; i < 101; i++)
		fprintf(fp, "    { name = \"f%d\"; label = \"L\"; type = \"text\"; }%s\n",
			i, i < 100 ? "," : "");
	fprintf(fp, "  );\n  steps = ( { name = \"s\"; approvers = [\"dept_head\"]; } );\n};\n");
	fclose(fp);

	snprintf(path, sizeof path, "%s/steps.conf", dir);
	fp = fopen(path, "w");
	fprintf(fp, "form = {\n  id = \"s\"; title = \"T\"; prefix = \"S\";\n"
		"  fields = ( { name = \"f\"; label = \"L\"; type = \"text\"; } );\n"
		"  steps = (\n");
	for (i = 0; i < 21; i++)
		fprintf(fp, "    { name = \"s%d\"; approvers = [\"dept_head\"]; }%s\n",
			i, i < 20 ? "," : "");
	fprintf(fp, "  );\n};\n");
	fclose(fp);

	snprintf(path, sizeof path, "%s/big.conf", dir);
	fp = fopen(path, "w");
	for (i = 0; i < 20000; i++)
		fprintf(fp, "# %-60d\n", i);
	fprintf(fp, "form = { id = \"big\"; };\n");
	fclose(fp);

	snprintf(path, sizeof path, "%s/.hidden.conf", dir);
	write_file(path, "junk");
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	write_file(path, "junk");
	snprintf(path, sizeof path, "%s/bin.conf", dir);
	write_file(path, "form = { title = \"\xff\xfe\"; };\n");

	err = tmpfile();
	rc = formdef_check_dir(dir, err, &n_forms, NULL);
	take_lines(err);
	ok(rc == AF_INVALID && n_forms == 0, "limits: nothing loads");
	snprintf(want, sizeof want, "%s/fields.conf:3: fields: 101 fields; at most 100", dir);
	ok(has_line(want), "more than 100 fields");
	snprintf(want, sizeof want, "%s/steps.conf:4: steps: 21 steps; at most 20", dir);
	ok(has_line(want), "more than 20 steps");
	snprintf(want, sizeof want, "%s/big.conf:1: file is larger than 1 MiB", dir);
	ok(has_line(want), "a file over 1 MiB");
	snprintf(want, sizeof want, "%s/bin.conf:1: invalid UTF-8 (save the file as UTF-8)", dir);
	ok(has_line(want), "invalid UTF-8");
	ok(n_lines == 4, "hidden and non-.conf files are skipped (%d lines)", n_lines);
	if (n_lines != 4)
		show_lines();

	snprintf(path, sizeof path, "%s/fields.conf", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/steps.conf", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/big.conf", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/bin.conf", dir);
	unlink(path);
	rc = formdef_check_dir(dir, NULL, &n_forms, NULL);
	ok(rc == AF_OK && n_forms == 0, "a directory without forms is fine");
	snprintf(path, sizeof path, "%s/.hidden.conf", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	unlink(path);
	rmdir(dir);

	err = tmpfile();
	rc = formdef_check_dir(dir, err, &n_forms, NULL);
	take_lines(err);
	ok(rc == AF_ERROR && n_lines == 1 && strstr(lines[0], dir),
	   "a missing directory is AF_ERROR, named");
	forget_lines();
}

/* The nearest name and "did you mean" count characters, not bytes: a
 * Chinese name is as near as the characters it differs by, and names of
 * up to 32 characters (96 bytes in Chinese) take part. */
static void test_nearest(void)
{
	/* 16 characters, 48 bytes each: more than the 32 bytes once read */
	const char *rooms[] = { "华东区域销售中心第一会议室（大）", "华东区域销售中心第二会议室（小）",
				"打印机", NULL };
	const char *short_rooms[] = { "第一会议室", "甲", NULL };
	/* 32 characters, and one more */
	const char *at32 = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二";
	const char *at33 = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";
	const char *longest[] = { at32, NULL }, *too_long[] = { at33, NULL };
	char want[256];
	const char *near;

	near = formdef_nearest("华东区域销售中心第一会议厅（大）", rooms);
	ok(near && !strcmp(near, rooms[0]), "nearest to a 16-character name one character off: %s",
	   near ? near : "(none)");
	near = formdef_nearest("华东区域销售中心第二会议室", rooms);
	ok(near && !strcmp(near, rooms[1]), "nearest to a 16-character name cut short: %s", near ? near : "(none)");
	near = formdef_nearest("打印", rooms);
	ok(near && !strcmp(near, "打印机"), "nearest to 打印 is 打印机: %s", near ? near : "(none)");

	snprintf(want, sizeof want, " (did you mean '%s'?)", rooms[0]);
	ok(!strcmp(suggest("华东区域销售中心第一会议厅（大）", rooms), want),
	   "did you mean the 48-byte name one character off: '%s'", suggest("华东区域销售中心第一会议厅（大）", rooms));
	/* two characters are six bytes apart: characters are what count */
	ok(!strcmp(suggest("第三会议厅", short_rooms), " (did you mean '第一会议室'?)"),
	   "two characters off is near: '%s'", suggest("第三会议厅", short_rooms));
	ok(!strcmp(suggest("第三会议厅大", short_rooms), ""), "three characters off is not: '%s'",
	   suggest("第三会议厅大", short_rooms));
	ok(!strcmp(suggest("乙", short_rooms), ""), "a one-character name is not offered for another: '%s'",
	   suggest("乙", short_rooms));

	snprintf(want, sizeof want, " (did you mean '%s'?)", at32);
	ok(!strcmp(suggest("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一三", longest), want),
	   "a 32-character name (96 bytes) is offered whole: '%s'",
	   suggest("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一三", longest));
	ok(!strcmp(suggest(at32, too_long), ""), "a name of 33 characters takes no part: '%s'",
	   suggest(at32, too_long));
	ok(!strcmp(suggest("stpes", (const char *const[]){ "steps", "fields", NULL }), " (did you mean 'steps'?)"),
	   "ASCII as before: '%s'", suggest("stpes", (const char *const[]){ "steps", "fields", NULL }));
	ok(!strcmp(suggest("xy\xff", (const char *const[]){ "xyz", NULL }), " (did you mean 'xyz'?)"),
	   "a byte that is no UTF-8 counts as one character");
}

int main(void)
{
	const char *srcdir = getenv("srcdir");

	if (!srcdir || !*srcdir)
		srcdir = ".";
	test_seed(srcdir);
	test_bad(srcdir);
	test_limits();
	test_nearest();
	formdef_free();
	return tap_done();
}
