/* Unit tests for the field-type table (src/fieldtype.c), the one list of
 * the types a form may use: every type has a distinct name that reads back
 * to it, register types say how to find their row and what to call it,
 * only the scalar types may be a lines field's column, and the forms
 * manual documents every type. As TAP; needs no database. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	return tap_done();
}
