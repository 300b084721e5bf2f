/* Unit tests for the field-type table (src/fieldtype.c), the one list of
 * the types a form may use: every type has a distinct name that reads back
 * to it, register types say how to find their row and what to call it,
 * only the scalar types may be a lines field's column, and the forms
 * manual documents every type. Then each type's normaliser (fieldvalue.c)
 * on its own cases: a good value and its normal form, a bad one and the
 * message naming the field, the boundaries, and Chinese text and invalid
 * UTF-8; and each type's to_text reading a stored value back. The types that need none run first with no database; dates,
 * times, JSON and the registers then use SQLite's functions on a scratch
 * database made in a temporary folder. As TAP. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "fieldvalue.h"
#include "status.h"
#include "fieldtype.h"
#include "formdef.h"
#include "tap.h"

/* 1 when the manual lists ".It Cm NAME" (the types are a tag list). */
static int documented(const char *manual, const char *name)
{
	char want[64];

	snprintf(want, sizeof want, "\n.It Cm %s\n", name);
	return strstr(manual, want) != NULL;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}


/* Normalises v as fd and says whether it was taken; *text gets the normal
 * text (or NULL), *num the number, *json the JSON; the message of a
 * refusal is af_errmsg(). */
static int norm(const form_field *fd, const char *v, field_value *out)
{
	memset(out, 0, sizeof *out);
	return fieldvalue_normalize(fd, v, out) == AF_OK;
}

static void fv_free(field_value *v)
{
	free(v->text);
	free(v->json);
	memset(v, 0, sizeof *v);
}

/* 1 when v is refused and the message names the field and says why. */
static int refused(const form_field *fd, const char *v, const char *why)
{
	field_value out;
	int r = !norm(fd, v, &out) && strstr(af_errmsg(), fd->name) && strstr(af_errmsg(), why);

	if (!r)
		printf("# %s '%s': wanted a refusal with '%s', got: %s\n", fd->name, v, why,
		       out.text ? out.text : af_errmsg());
	fv_free(&out);
	return r;
}

/* 1 when v is taken with the normal text want (and num when is_num). */
static int taken(const form_field *fd, const char *v, const char *want, int64_t num)
{
	field_value out;
	int r = norm(fd, v, &out) && out.present && out.text && strcmp(out.text, want) == 0 &&
		(!out.is_num || out.num == num);

	if (!r)
		printf("# %s '%s': wanted '%s', got '%s' (%s)\n", fd->name, v, want, out.text ? out.text : "",
		       af_errmsg());
	fv_free(&out);
	return r;
}


/* 1 when v, normalised and stored as the engine stores it (JSON, else the
 * number, else the text), reads back through the type's to_text as the
 * normal text: the inverse submit and show rely on. */
static int round_trip(const form_field *fd, const char *v)
{
	field_value out;
	char num[32], *back = NULL;
	int r = 0;

	if (norm(fd, v, &out)) {
		snprintf(num, sizeof num, "%lld", (long long)out.num);
		back = fieldvalue_to_text(fd, out.json ? out.json : out.is_num ? num : out.text);
		r = back && out.text && strcmp(back, out.text) == 0;
	}
	if (!r)
		printf("# %s '%s': normal '%s', back '%s'\n", fd->name, v, out.text ? out.text : "", back ? back : "");
	free(back);
	fv_free(&out);
	return r;
}

static void test_text(void)
{
	form_field f = { .name = "title", .type = FT_TEXT, .max_length = 4 };
	form_field lt = { .name = "note", .type = FT_LONGTEXT };
	char big[FIELDVALUE_TEXT_LIMIT + 2];

	ok(taken(&f, "ab", "ab", 0), "text: good: kept as typed");
	ok(refused(&f, "a\tb", "control characters"), "text: bad: a tab in a one-line field");
	ok(taken(&f, "abcd", "abcd", 0) && refused(&f, "abcde", "5 characters, at most 4"),
	   "text: boundary: max_length 4 takes 4, refuses 5");
	ok(taken(&f, "张三李四", "张三李四", 0) && refused(&f, "张三李四王", "at most 4"),
	   "text: CJK: four characters fit max_length 4 (twelve bytes), five do not");
	ok(refused(&f, "a\xff", "invalid UTF-8 at byte 2"), "text: invalid UTF-8 named by its byte");
	ok(refused(&f, "\xe2\x80\x8b", "shows nothing"), "text: only a zero-width space shows nothing");
	ok(refused(&f, "a\xe2\x80\xae" "b", "control characters"), "text: a bidirectional override is refused");
	ok(taken(&lt, "第一行\n第二行", "第一行\n第二行", 0), "longtext: good: a newline is kept");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ok(refused(&lt, big, "at most 4000"), "longtext: boundary: over the global limit without max_length");
	big[sizeof big - 2] = '\0';
	ok(taken(&lt, big, big, 0), "longtext: boundary: exactly the global limit");
}

static void test_integer(void)
{
	form_field f = { .name = "copies", .type = FT_INTEGER, .has_min = 1, .min = 1, .has_max = 1, .max = 500 };
	form_field free_f = { .name = "n", .type = FT_INTEGER };

	ok(taken(&f, "12", "12", 12), "integer: good");
	ok(refused(&f, "12a", "not a whole number") && refused(&f, "", "not a whole number") &&
	   refused(&f, "1.5", "not a whole number"), "integer: bad: letters, empty, a fraction");
	ok(taken(&f, "1", "1", 1) && taken(&f, "500", "500", 500) && refused(&f, "0", "below the minimum 1") &&
	   refused(&f, "501", "above the maximum 500"), "integer: boundary: min and max taken, one past refused");
	ok(refused(&free_f, "-1", "must not be negative") && refused(&free_f, "99999999999999999999", "far too large"),
	   "integer: no min: negative refused; past 64 bits refused");
	ok(refused(&f, "１２", "not a whole number"), "integer: CJK: full-width digits are not a number");
}

static void test_money(void)
{
	form_field f = { .name = "amount", .type = FT_MONEY, .has_min = 1, .min = 1, .has_max = 1, .max = 500000 };

	ok(taken(&f, "12.5", "12.50", 1250), "money: good: in cents, shown with two decimals");
	ok(refused(&f, "12.505", "not an amount") && refused(&f, "abc", "not an amount"),
	   "money: bad: three decimals, letters");
	ok(taken(&f, "0.01", "0.01", 1) && taken(&f, "5000.00", "5000.00", 500000) &&
	   refused(&f, "5000.01", "above the maximum 5000.00"), "money: boundary: 0.01 and 5000.00 taken, 5000.01 not");
	ok(refused(&f, "-1", "must not be negative"), "money: negative refused");
	ok(refused(&f, "１２元", "not an amount"), "money: CJK: 12 written with full-width digits and 元");
}

static void test_choice(void)
{
	char *opts[] = { "差旅", "meals", "other" };
	form_field f = { .name = "category", .type = FT_CHOICE, .options = opts, .n_options = 3 };

	ok(taken(&f, "meals", "meals", 0), "choice: good");
	ok(refused(&f, "meal", "not one of the choices"), "choice: bad: a prefix of an option");
	ok(refused(&f, "", "not one of the choices") && refused(&f, "meals ", "not one of the choices"),
	   "choice: boundary: empty, and a trailing blank");
	ok(taken(&f, "差旅", "差旅", 0) && refused(&f, "差", "not one of the choices"),
	   "choice: CJK: the whole option, not its first character");
}

static void test_with_database(void)
{
	char *opts[] = { "投影仪", "白板" };
	form_field date = { .name = "day", .type = FT_DATE };
	form_field dt = { .name = "at", .type = FT_DATETIME };
	form_field tr = { .name = "time", .type = FT_TIMERANGE };
	form_field mc = { .name = "equipment", .type = FT_MULTICHOICE, .options = opts, .n_options = 2 };
	form_field cols[] = { { .name = "item", .type = FT_TEXT, .required = 1, .label = "item" },
			      { .name = "amount", .type = FT_MONEY, .label = "amount" } };
	form_field lines = { .name = "lines", .type = FT_LINES, .columns = cols, .n_columns = 2, .min_rows = 1,
			     .max_rows = 2 };
	form_field room = { .name = "room", .type = FT_ROOM };
	field_value v;

	ok(taken(&date, "2026-02-28", "2026-02-28", 0), "date: good");
	ok(refused(&date, "2026-02-30", "not a date") && refused(&date, "2026/02/01", "not a date"),
	   "date: bad: no such day; slashes");
	ok(taken(&date, "2028-02-29", "2028-02-29", 0) && refused(&date, "2026-02-29", "not a date") &&
	   refused(&date, "-2026-01-01", "not a date") && refused(&date, "10000-01-01", "not a date"),
	   "date: boundary: a leap day; none in 2026; a sign; a fifth year digit");
	ok(refused(&date, "２０２６-01-01", "not a date"), "date: CJK: full-width digits");

	ok(taken(&dt, "2026-03-01 09:30", "2026-03-01 09:30:00", 0), "datetime: good: seconds added");
	ok(refused(&dt, "2026-03-01 25:00", "not a date and time"), "datetime: bad: hour 25");
	ok(taken(&dt, "2026-03-01 23:59", "2026-03-01 23:59:00", 0) &&
	   refused(&dt, "2026-03-01 24:00", "not a date and time"), "datetime: boundary: 23:59 is, 24:00 is not");
	ok(refused(&dt, "2026-03-01 九点", "not a date and time"), "datetime: CJK: a time in words");

	ok(norm(&tr, "2026-03-02 09:00/10:30", &v) && !strcmp(v.text, "2026-03-02 09:00:00/2026-03-02 10:30:00") &&
	   v.json && strstr(v.json, "\"start\":\"2026-03-02 09:00:00\""),
	   "timerange: good: the end on the same day, stored as start/end and JSON");
	fv_free(&v);
	ok(refused(&tr, "2026-03-02 09:00", "not a time range"), "timerange: bad: no end");
	ok(refused(&tr, "2026-03-02 09:00/09:00", "the end must come after the start") &&
	   taken(&tr, "2026-03-02 23:00/2026-03-03 01:00", "2026-03-02 23:00:00/2026-03-03 01:00:00", 0),
	   "timerange: boundary: an empty range refused; one across midnight taken");
	ok(refused(&tr, "明天/后天", "not a time range"), "timerange: CJK: days in words");

	ok(norm(&mc, "投影仪,白板", &v) && !strcmp(v.text, "投影仪,白板") && v.json &&
	   !strcmp(v.json, "[\"投影仪\",\"白板\"]"), "multichoice: good, CJK: the text and a JSON list");
	fv_free(&v);
	ok(refused(&mc, "投影仪,音响", "'音响' is not one of the choices"), "multichoice: bad: names the option");
	ok(norm(&mc, "白板", &v) && !strcmp(v.json, "[\"白板\"]"), "multichoice: boundary: one option");
	fv_free(&v);
	ok(refused(&mc, "投影\xe4", "not one of the choices"), "multichoice: invalid UTF-8 is no option");

	ok(norm(&lines, "出租车,12.5;午餐,30", &v) && v.json && strstr(v.json, "\"amount\":1250") &&
	   !strcmp(v.text, "出租车,12.50;午餐,30.00"), "lines: good, CJK: cells typed, money in cents");
	fv_free(&v);
	ok(refused(&lines, "a,1,2", "more cells than the 2 columns") &&
	   refused(&lines, ",5", "row 1, item: required"), "lines: bad: a cell too many; a required cell empty");
	ok(refused(&lines, "a;b;c", "3 rows, at most 2") && refused(&lines, "", "0 rows, at least 1") &&
	   taken(&lines, "a\\,b", "a\\,b", 0), "lines: boundary: max_rows, min_rows, an escaped comma");
	ok(refused(&lines, "x,12.345", "row 1, amount"), "lines: a bad cell is named by row and column");
	ok(refused(&lines, "\xff", "invalid UTF-8"), "lines: invalid UTF-8 in a cell");

	{
		form_field money = { .name = "amount", .type = FT_MONEY };
		form_field integer = { .name = "n", .type = FT_INTEGER };
		form_field text = { .name = "title", .type = FT_TEXT };

		ok(round_trip(&money, "12.5") && round_trip(&integer, "7") && round_trip(&text, "张三") &&
		   round_trip(&date, "2028-02-29") && round_trip(&dt, "2026-03-01 09:30") &&
		   round_trip(&tr, "2026-03-02 09:00/10:30") && round_trip(&mc, "投影仪,白板") &&
		   round_trip(&lines, "出租车,12.5;a\\,b"),
		   "to_text: every type's stored value reads back as its normal text (money, integer, text, date,"
		   " datetime, timerange, multichoice, lines)");
	}
	ok(refused(&room, "R101", "no room 'R101'"), "reference: bad: a room not in the register");
	if (db_exec("INSERT INTO rooms(code, name, capacity, active) VALUES('会议室A', '大会议室', 10, 1)", "") == SQLITE_DONE) {
		ok(taken(&room, "会议室A", "会议室A", 0), "reference: good, CJK: a room by its code");
		ok(refused(&room, "会议室", "(nearest: 会议室A)"), "reference: boundary: a near miss names the nearest");
	} else {
		ok(0, "reference: a room could be added (%s)", af_errmsg());
	}
}

int main(void)
{
	const char *srcdir = getenv("srcdir");
	char path[4096];
	char *manual;
	int names_ok = 1, unique = 1, refs_ok = 1, columns_ok = 1, named_ok = 1;
	static const field_type scalar[] = { FT_TEXT, FT_INTEGER, FT_MONEY, FT_DATE, FT_CHOICE };

	for (int i = 0; i < FIELDTYPE_COUNT; i++) {
		const fieldtype_info *t = fieldtype((field_type)i);

		if (!t || !t->name || !*t->name || fieldtype_by_name(t->name) != i) {
			names_ok = 0;
			printf("# type %d: no name, or its name reads back to another type\n", i);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(fieldtype((field_type)j)->name, t->name))
				unique = 0;
		/* A register type needs both: the query, and the word for its error. */
		if (!t->ref_sql != !t->ref_what || (t->ref_sql && !strstr(t->ref_sql, "?1"))) {
			refs_ok = 0;
			printf("# %s: ref_sql and ref_what go together, and the query binds ?1\n", t->name);
		}
		if (strcmp(formdef_type_name((field_type)i), t->name) != 0)
			named_ok = 0;
	}
	for (int i = 0; i < FIELDTYPE_COUNT; i++) {
		int want = 0;

		for (size_t k = 0; k < sizeof scalar / sizeof scalar[0]; k++)
			want |= scalar[k] == (field_type)i;
		if (fieldtype((field_type)i)->column != want) {
			columns_ok = 0;
			printf("# %s: column is %d, the manual says %d\n", fieldtype((field_type)i)->name,
			       fieldtype((field_type)i)->column, want);
		}
	}
	ok(names_ok, "every type has a name that reads back to it (%d types)", FIELDTYPE_COUNT);
	ok(unique, "no two types share a name");
	ok(fieldtype_by_name("strng") == -1 && fieldtype_by_name(NULL) == -1 && fieldtype_by_name("") == -1,
	   "an unknown name is -1");
	ok(fieldtype((field_type)FIELDTYPE_COUNT) == NULL && fieldtype((field_type)-1) == NULL,
	   "a value that is no type has no entry");
	ok(refs_ok, "register types give their query (binding ?1) and their word together");
	ok(fieldtype(FT_ROOM)->ref_sql && fieldtype(FT_EMPLOYEE)->ref_sql && !fieldtype(FT_TEXT)->ref_sql &&
	   !fieldtype(FT_REQUEST)->ref_sql, "rooms and employees are registers; text and requests are not");
	ok(columns_ok, "a lines field's columns: text, integer, money, date or choice, nothing else");
	ok(named_ok, "formdef_type_name reads the same table");

	snprintf(path, sizeof path, "%s/man/adminflow-forms.5", srcdir ? srcdir : ".");
	manual = slurp(path);
	ok(manual != NULL, "the forms manual is readable (%s)", path);
	if (manual) {
		int all = 1;

		for (int i = 0; i < FIELDTYPE_COUNT; i++)
			if (!documented(manual, fieldtype((field_type)i)->name)) {
				all = 0;
				printf("# %s: not in adminflow-forms(5)'s list of types\n", fieldtype((field_type)i)->name);
			}
		ok(all, "adminflow-forms(5) documents every type");
		free(manual);
	}

	test_text();
	test_integer();
	test_money();
	test_choice();
	{
		char dir[] = "/tmp/af-fieldtype-XXXXXX", conf[64], db[64];
		FILE *f;

		ok(mkdtemp(dir) != NULL, "a scratch folder for the database");
		snprintf(conf, sizeof conf, "%s/adminflow.conf", dir);
		snprintf(db, sizeof db, "%s/af.db", dir);
		if ((f = fopen(conf, "w")) != NULL)
			fclose(f);
		setenv("XDG_CONFIG_HOME", dir, 1);
		unsetenv("ADMINFLOW_CONFIG");
		if (config_load(conf) == AF_OK && db_open(db, DB_OPEN_CREATE) == AF_OK) {
			test_with_database();
			db_close();
		} else {
			ok(0, "a scratch database (%s)", af_errmsg());
		}
		unlink(db);
		unlink(conf);
		rmdir(dir);
	}
	return tap_done();
}
