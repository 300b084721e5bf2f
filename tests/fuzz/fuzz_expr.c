/* Fuzz target: the condition language (src/expr.c). Compiles the input as
 * a condition and, when it compiles, evaluates it against a fixed set of
 * fields of every type; also parses it as money. What must hold: a
 * refusal always says where and why; an evaluation returns a value or a
 * reason; money that parses prints back to the same amount. */
#include "autoconf.h"
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "fuzz.h"

static const struct {
	const char *name;
	expr_value v;
} fields[] = {
	{ "amount", { EXPR_NUM, 600000, NULL } },
	{ "category", { EXPR_STR, 0, "travel" } },
	{ "applicant.department", { EXPR_STR, 0, "行政部" } },
	{ "urgent", { EXPR_BOOL, 1, NULL } },
	{ "huge", { EXPR_NUM, INT64_MAX, NULL } },
	{ "tiny", { EXPR_NUM, INT64_MIN, NULL } },
	{ "zero", { EXPR_NUM, 0, NULL } },
	{ "note", { EXPR_NULL, 0, NULL } },
	{ "empty", { EXPR_STR, 0, "" } },
};

static int lookup(void *ctx, const char *name, expr_value *out)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(fields[i].name, name) == 0) {
			*out = fields[i].v;
			return 1;
		}
	}
	return 0;
}

static int count_ident(void *ctx, const char *name)
{
	assert(name && name[0]);
	++*(int *)ctx;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256], buf[64];
	expr_value v;
	int64_t cents, again;
	expr *e;

	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	e = expr_compile(text, err, sizeof err);
	if (!e) {
		assert(strncmp(err, "column ", 7) == 0);
	} else {
		int n = 0, r;

		expr_each_ident(e, count_ident, &n);
		err[0] = '\0';
		r = expr_eval(e, lookup, NULL, &v, err, sizeof err);
		assert(r == 0 || (r == -1 && err[0]));
		if (r == 0 && v.type == EXPR_STR)
			assert(v.str != NULL);
		err[0] = '\0';
		r = expr_test(e, lookup, NULL, err, sizeof err);
		assert(r == 0 || r == 1 || (r == -1 && err[0]));
		expr_check_idents(e, lookup, NULL, err, sizeof err);
		expr_eval(e, NULL, NULL, &v, err, sizeof err);
		expr_free(e);
	}
	if (expr_parse_money(text, &cents) == 0) {
		expr_format_money(cents, buf, sizeof buf);
		assert(expr_parse_money(buf, &again) == 0 && again == cents);
	}
	free(text);
	return 0;
}
