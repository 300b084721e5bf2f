/* Unit tests for the condition language, as TAP. The whole suite runs twice:
 * once silently to count, so the plan line can come first, then for real. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"

static int counting, ntests, nfailed;

#define ok(cond, ...) do { \
	int ok_c_ = (cond) ? 1 : 0; \
	ntests++; \
	if (!counting) { \
		if (!ok_c_) \
			nfailed++; \
		printf("%sok %d - ", ok_c_ ? "" : "not ", ntests); \
		printf(__VA_ARGS__); \
		putchar('\n'); \
	} \
} while (0)

#define diag(...) do { \
	if (!counting) { \
		printf("# "); \
		printf(__VA_ARGS__); \
		putchar('\n'); \
	} \
} while (0)

/* ---- the fixed world every expression is evaluated in -------------- */

static int boom_hits;

struct field {
	const char *name;
	expr_value v;
};

static const struct field fields[] = {
	{ "amount", { EXPR_NUM, 600000, NULL } },
	{ "category", { EXPR_STR, 0, "travel" } },
	{ "applicant.department", { EXPR_STR, 0, "行政部" } },
	{ "applicant.name", { EXPR_STR, 0, "张三" } },
	{ "urgent", { EXPR_BOOL, 1, NULL } },
	{ "flag", { EXPR_BOOL, 0, NULL } },
	{ "pages", { EXPR_NUM, 12000, NULL } },
	{ "copies", { EXPR_NUM, 500, NULL } },
	{ "days", { EXPR_NUM, 300, NULL } },
	{ "zero", { EXPR_NUM, 0, NULL } },
	{ "price", { EXPR_NUM, 1999, NULL } },
	{ "huge", { EXPR_NUM, INT64_MAX, NULL } },
	{ "tiny", { EXPR_NUM, INT64_MIN, NULL } },
	{ "note", { EXPR_NULL, 0, NULL } },
	{ "empty", { EXPR_STR, 0, "" } },
	{ "weird", { (expr_type)42, 0, NULL } },
	{ "nostr", { EXPR_STR, 0, NULL } },
	{ "fatbool", { EXPR_BOOL, 7, NULL } },
};

static int lookup(void *ctx, const char *name, expr_value *out)
{
	size_t i;

	(void)ctx;
	/* "boom" is known but records that it was looked at, so tests can
	 * prove short-circuiting skipped it. */
	if (!strcmp(name, "boom")) {
		boom_hits++;
		out->type = EXPR_NUM;
		out->num = 0;
		out->str = NULL;
		return 1;
	}
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (!strcmp(fields[i].name, name)) {
			*out = fields[i].v;
			return 1;
		}
	}
	return 0;
}

/* ---- helpers -------------------------------------------------------- */

enum { R_NULL, R_BOOL, R_NUM, R_STR, R_ERR };

struct eval_case {
	const char *src;
	int kind;       /* R_* */
	int64_t num;
	const char *str; /* expected string, or expected error substring */
};

#define B(x) R_BOOL, (x), NULL
#define N(x) R_NUM, (x), NULL
#define S(x) R_STR, 0, (x)
#define NUL R_NULL, 0, NULL
#define ERR(x) R_ERR, 0, (x)

static void check_eval(const struct eval_case *c)
{
	char err[256];
	expr_value v;
	expr *e = expr_compile(c->src, err, sizeof err);
	int r, good;

	if (!e) {
		ok(0, "eval %s", c->src);
		diag("compile failed: %s", err);
		return;
	}
	memset(&v, 0, sizeof v);
	r = expr_eval(e, lookup, NULL, &v, err, sizeof err);
	switch (c->kind) {
	case R_ERR:
		good = r == -1 && strstr(err, c->str) != NULL;
		break;
	case R_NULL:
		good = r == 0 && v.type == EXPR_NULL;
		break;
	case R_BOOL:
		good = r == 0 && v.type == EXPR_BOOL && v.num == c->num;
		break;
	case R_NUM:
		good = r == 0 && v.type == EXPR_NUM && v.num == c->num;
		break;
	default:
		good = r == 0 && v.type == EXPR_STR && !strcmp(v.str, c->str);
		break;
	}
	ok(good, "eval %s", c->src);
	if (!good && !counting) {
		if (r < 0)
			diag("error: %s", err);
		else
			diag("got %s %" PRId64 " %s", expr_type_name(v.type), v.num,
			     v.type == EXPR_STR ? v.str : "");
	}
	expr_free(e);
}

/* ---- tables --------------------------------------------------------- */

static const struct eval_case evals[] = {
	/* the examples from the form definitions */
	{ "amount > 5000 && category == \"travel\"", B(1) },
	{ "applicant.department == \"行政部\"", B(1) },
	{ "applicant.department == \"财务部\"", B(0) },
	{ "days >= 3 || !urgent", B(1) },
	{ "pages * copies > 500", B(1) },
	{ "category in [\"travel\", \"meals\"]", B(1) },
	{ "category in [\"meals\", \"office\"]", B(0) },

	/* literals */
	{ "5000", N(500000) },
	{ "5000.5", N(500050) },
	{ "5000.50", N(500050) },
	{ "0.01", N(1) },
	{ "007", N(700) },
	{ "92233720368547758", N(INT64_C(9223372036854775800)) },
	{ "92233720368547758.07", N(INT64_MAX) },
	{ "\"travel\"", S("travel") },
	{ "\"\"", S("") },
	{ "\"a\\\"b\"", S("a\"b") },
	{ "\"a\\\\b\"", S("a\\b") },
	{ "\"x\\ny\"", S("x\ny") },
	{ "\"行政部\"", S("行政部") },
	{ "\"emoji 😀\"", S("emoji 😀") },
	{ "true", B(1) },
	{ "false", B(0) },
	{ "null", NUL },
	{ "  \t\n amount \r\n", N(600000) },

	/* identifiers */
	{ "category", S("travel") },
	{ "applicant.name", S("张三") },
	{ "missing", NUL },
	{ "missing.deep.path", NUL },
	{ "note", NUL },
	{ "fatbool == true", B(1) },
	{ "in_transit", NUL },
	{ "true_value", NUL },

	/* money meets integers */
	{ "amount == 6000", B(1) },
	{ "amount == 6000.00", B(1) },
	{ "amount == 6000.0", B(1) },
	{ "amount == 6000.01", B(0) },
	{ "amount != 6000.01", B(1) },
	{ "amount > 5999.99", B(1) },
	{ "amount < 6000.01", B(1) },
	{ "amount <= 6000", B(1) },
	{ "amount >= 6000.01", B(0) },
	{ "price * 3", N(5997) },
	{ "price * copies", N(9995) },

	/* arithmetic */
	{ "pages * copies", N(60000) },
	{ "2 + 3 * 4", N(1400) },
	{ "(2 + 3) * 4", N(2000) },
	{ "1 - 2 - 3", N(-400) },
	{ "100 / 10 / 2", N(500) },
	{ "10 / 4", N(250) },
	{ "10 / 3", N(333) },
	{ "-10 / 3", N(-333) },
	{ "1 / 3 * 3", N(99) },
	{ "7 % 3", N(100) },
	{ "-7 % 3", N(-100) },
	{ "5.5 % 2", N(150) },
	{ "1.5 * 1.5", N(225) },
	{ "0.01 * 0.01", N(0) },
	{ "-0.5 * 0.03", N(-1) },
	{ "-2 * 3", N(-600) },
	{ "-(2 + 3)", N(-500) },
	{ "- -2", N(200) },
	{ "--2", N(200) },
	{ "2 - -2", N(400) },
	{ "2--2", N(400) },
	{ "-amount", N(-600000) },
	{ "90000000000000000 / 2", N(INT64_C(4500000000000000000)) },
	{ "90000000000000000 * 1", N(INT64_C(9000000000000000000)) },
	{ "huge * 1", N(INT64_MAX) },
	{ "huge / 1", N(INT64_MAX) },
	{ "tiny / 1", N(INT64_MIN) },
	{ "tiny % -0.01", N(0) },
	{ "huge - huge", N(0) },
	{ "tiny + huge", N(-1) },

	/* precedence and associativity */
	{ "!true == false", B(1) },           /* ! is below ==: !(true == false) */
	{ "!flag && urgent", B(1) },
	{ "true || false && false", B(1) },
	{ "(true || false) && false", B(0) },
	{ "false && true || true", B(1) },
	{ "!!true", B(1) },
	{ "!(amount > 5000)", B(0) },
	{ "amount > 1000 + 4000", B(1) },
	{ "1 + 2 in [3]", B(1) },
	{ "-1 + 2", N(100) },

	/* equality across types is simply false */
	{ "amount == \"6000\"", B(0) },
	{ "true == 1", B(0) },
	{ "null == false", B(0) },
	{ "null == null", B(1) },
	{ "note == null", B(1) },
	{ "missing == null", B(1) },
	{ "missing != null", B(0) },
	{ "category != 5", B(1) },
	{ "flag != urgent", B(1) },
	{ "empty == \"\"", B(1) },

	/* strings order bytewise */
	{ "\"a\" < \"b\"", B(1) },
	{ "\"B\" < \"a\"", B(1) },
	{ "\"abc\" < \"abd\"", B(1) },
	{ "\"ab\" < \"abc\"", B(1) },
	{ "\"é\" > \"z\"", B(1) },
	{ "category >= \"travel\"", B(1) },

	/* in */
	{ "category in []", B(0) },
	{ "amount in [1, 6000]", B(1) },
	{ "amount in [\"6000\"]", B(0) },
	{ "note in [1, null]", B(1) },
	{ "missing in [null]", B(1) },
	{ "3 in [1 + 2]", B(1) },
	{ "urgent in [false, days > 2]", B(1) },
	{ "category in [\"travel\", 1 / 0]", B(1) },  /* stops at the match */

	/* null in conditions counts as false */
	{ "!missing", B(1) },
	{ "!note", B(1) },
	{ "missing && true", B(0) },
	{ "missing || true", B(1) },
	{ "missing || missing", B(0) },

	/* short-circuit: the right side must not run */
	{ "false && 1 / 0 == 1", B(0) },
	{ "true || 1 / 0 == 1", B(1) },
	{ "flag && category < 5", B(0) },
	{ "urgent || amount", B(1) },

	/* evaluation errors */
	{ "1 / 0", ERR("division by zero") },
	{ "5 % 0", ERR("division by zero") },
	{ "amount / zero", ERR("division by zero") },
	{ "amount / (1 - 1)", ERR("division by zero") },
	{ "category < 5", ERR("cannot compare string with number") },
	{ "5 > category", ERR("cannot compare number with string") },
	{ "note < 1", ERR("cannot compare null with number") },
	{ "missing >= 0", ERR("cannot compare null with number") },
	{ "true < false", ERR("cannot order bool") },
	{ "null <= null", ERR("cannot order null") },
	{ "category + 1", ERR("needs numbers") },
	{ "1 + category", ERR("needs numbers") },
	{ "-category", ERR("needs numbers") },
	{ "missing * 2", ERR("needs numbers") },
	{ "true + 1", ERR("needs numbers") },
	{ "amount && true", ERR("'&&' needs true/false") },
	{ "true && amount", ERR("'&&' needs true/false") },
	{ "flag || category", ERR("'||' needs true/false") },
	{ "!amount", ERR("'!' needs true/false") },
	{ "true && 1 / 0 == 1", ERR("division by zero") },
	{ "weird == 1", ERR("invalid value") },
	{ "nostr == \"\"", ERR("invalid value") },

	/* overflow */
	{ "92233720368547758 + 1", ERR("overflow") },
	{ "92233720368547758 * 2", ERR("overflow") },
	{ "-92233720368547758 - 1", ERR("overflow") },
	{ "huge + 0.01", ERR("overflow") },
	{ "tiny - 0.01", ERR("overflow") },
	{ "-tiny", ERR("overflow") },
	{ "tiny * -1", ERR("overflow") },
	{ "tiny / -1", ERR("overflow") },
	{ "huge / 0.01", ERR("overflow") },
	{ "huge * huge", ERR("overflow") },
	{ "100000000000 * 100000000000", ERR("overflow") },
};

struct compile_case {
	const char *src;
	int col;
	const char *why;
};

static const struct compile_case compiles[] = {
	{ "", 1, "empty" },
	{ "   ", 4, "empty" },
	{ "amount >", 9, "end of expression" },
	{ "amount > > 5", 10, "unexpected '>'" },
	{ "amount 5", 8, "unexpected number" },
	{ "a b", 3, "unexpected name 'b'" },
	{ "\"a\" \"b\"", 5, "unexpected string" },
	{ "1.234", 1, "2 decimal" },
	{ "5.", 1, "digits after '.'" },
	{ "5.x", 1, "digits after '.'" },
	{ "1.2.3", 1, "invalid number" },
	{ "5000abc", 1, "invalid number" },
	{ "amount > 12abc", 10, "invalid number" },
	{ "92233720368547759", 1, "too large" },
	{ "99999999999999999999999", 1, "too large" },
	{ "\"abc", 1, "unterminated" },
	{ "x == \"abc\\", 6, "unterminated" },
	{ "\"a\\qb\"", 3, "unknown escape" },
	{ "\"a\\tb\"", 3, "unknown escape" },
	{ "\"\xff\"", 2, "invalid UTF-8" },
	{ "\"ok\xc3\"", 4, "invalid UTF-8" },
	{ "\"\xc0\xaf\"", 2, "invalid UTF-8" },          /* overlong '/' */
	{ "\"\xed\xa0\x80\"", 2, "invalid UTF-8" },      /* surrogate */
	{ "\"\xf4\x90\x80\x80\"", 2, "invalid UTF-8" },  /* > U+10FFFF */
	{ "\"行政部\" == 1 @", 12, "unexpected character '@'" },
	{ "\"行政部\" == 部门", 10, "unexpected character '部'" },
	{ "applicant.部门", 10, "expected a name after '.'" },
	{ "a..b", 2, "expected a name after '.'" },
	{ "a.", 2, "expected a name after '.'" },
	{ "a.1", 2, "expected a name after '.'" },
	{ ".5", 1, "unexpected character '.'" },
	{ "(1 + 2", 7, "missing ')' for '(' at column 1" },
	{ "(1 + 2 3", 8, "expected ')'" },
	{ "1 + 2)", 6, "without matching '('" },
	{ "()", 2, "unexpected ')'" },
	{ "[1, 2]", 1, "only allowed after 'in'" },
	{ "x in [[1]]", 7, "only allowed after 'in'" },
	{ "x in 5", 6, "expected a list" },
	{ "x in [1,]", 9, "unexpected ']'" },
	{ "x in [1 2]", 9, "expected ',' or ']'" },
	{ "x in [1", 8, "missing ']' for '[' at column 6" },
	{ "x in [", 7, "end of expression" },
	{ "a < b < c", 7, "cannot be chained" },
	{ "a == b == c", 8, "cannot be chained" },
	{ "x in [1] == true", 10, "cannot be chained" },
	{ "a = b", 3, "compare with '=='" },
	{ "a & b", 3, "use '&&'" },
	{ "a | b", 3, "use '||'" },
	{ "a @ b", 3, "unexpected character '@'" },
	{ "a == !b", 6, "unexpected '!'" },
	{ "a &&", 5, "end of expression" },
	{ "&& a", 1, "unexpected '&&'" },
	{ "+1", 1, "unexpected '+'" },
	{ "x\x01", 2, "unexpected byte 0x01" },
	{ "x \xff", 3, "unexpected byte 0xFF" },
	{ "1 +* 2", 4, "unexpected '*'" },
	{ "true.x == 1 &&", 15, "end of expression" },
};

/* ---- individual checks ---------------------------------------------- */

static void test_compile_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof compiles / sizeof compiles[0]; i++) {
		const struct compile_case *c = &compiles[i];
		char err[256], want[32];
		expr *e = expr_compile(c->src, err, sizeof err);
		int good;

		snprintf(want, sizeof want, "column %d: ", c->col);
		good = !e && !strncmp(err, want, strlen(want)) && strstr(err, c->why);
		ok(good, "compile error at column %d: %s", c->col, c->why);
		if (!good && !counting)
			diag("source [%s] gave %s", c->src, e ? "success" : err);
		expr_free(e);
	}
}

static void test_evals(void)
{
	size_t i;

	for (i = 0; i < sizeof evals / sizeof evals[0]; i++)
		check_eval(&evals[i]);
}

static int compiles_ok(const char *src, char *err, size_t errlen)
{
	expr *e = expr_compile(src, err, errlen);
	int r = e != NULL;

	expr_free(e);
	return r;
}

static char *repeat(const char *prefix, const char *unit, size_t n, const char *suffix_unit)
{
	size_t plen = strlen(prefix), ulen = strlen(unit), slen = strlen(suffix_unit);
	char *s = malloc(plen + n * ulen + n * slen + 2);
	char *w = s;
	size_t i;

	if (!s)
		abort();
	memcpy(w, prefix, plen);
	w += plen;
	for (i = 0; i < n; i++, w += ulen)
		memcpy(w, unit, ulen);
	*w++ = '1';
	for (i = 0; i < n; i++, w += slen)
		memcpy(w, suffix_unit, slen);
	*w = '\0';
	return s;
}

static void test_limits(void)
{
	char err[256];
	char *s;
	expr *e;
	expr_value v;

	s = repeat("", "(", 64, ")");
	ok(compiles_ok(s, err, sizeof err), "64 nested parentheses compile");
	free(s);

	s = repeat("", "(", 65, ")");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "column 65: nesting deeper than 64"),
	   "65 nested parentheses rejected at column 65");
	free(s);

	s = repeat("", "(", 10000, ")");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "longer than 4096"),
	   "10000 '(' rejected without crashing");
	free(s);

	s = repeat("", "(", 10000, "");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "longer than 4096"),
	   "10000 unclosed '(' rejected");
	free(s);

	s = repeat("", "(", 2000, ")");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "nesting deeper than 64"),
	   "2000 '(' within the length limit rejected by depth");
	free(s);

	s = repeat("", "!", 3000, "");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "nesting deeper than 64"),
	   "3000 '!' rejected by depth");
	free(s);

	s = repeat("", "-", 3000, "");
	ok(!compiles_ok(s, err, sizeof err) && strstr(err, "nesting deeper than 64"),
	   "3000 '-' rejected by depth");
	free(s);

	s = repeat("x in ", "[", 100, "]");
	ok(!compiles_ok(s, err, sizeof err), "nested list brackets rejected");
	free(s);

	s = malloc(5001);
	memset(s, ' ', 5000);
	s[0] = '1';
	s[5000] = '\0';
	ok(!compiles_ok(s, err, sizeof err) && !strncmp(err, "column 4097: ", 13),
	   "5000-byte text rejected at column 4097");
	free(s);

	/* Exactly at the limit: 2048 ones joined by '+', 4095 bytes. */
	s = malloc(4097);
	{
		size_t i, w = 0;

		for (i = 0; i < 2048; i++) {
			if (i)
				s[w++] = '+';
			s[w++] = '1';
		}
		s[w++] = ' ';
		s[w] = '\0';
		ok(w == 4096, "long chain is exactly 4096 bytes");
	}
	e = expr_compile(s, err, sizeof err);
	ok(e && expr_eval(e, NULL, NULL, &v, err, sizeof err) == 0 &&
	   v.type == EXPR_NUM && v.num == 204800,
	   "4096-byte chain of 2048 additions evaluates to 2048");
	expr_free(e);
	free(s);

	/* A long && chain is a loop, not recursion. */
	s = malloc(4097);
	{
		size_t w = 0;

		while (w + 8 <= 4096) {
			memcpy(s + w, w ? "&&true" : "true", w ? 6 : 4);
			w += w ? 6 : 4;
		}
		s[w] = '\0';
	}
	e = expr_compile(s, err, sizeof err);
	ok(e && expr_test(e, NULL, NULL, err, sizeof err) == 1, "long && chain is true");
	expr_free(e);
	free(s);

	/* Multi-byte text counts characters, not bytes, in columns. */
	ok(!compiles_ok("\"行政部行政部\" ==", err, sizeof err) &&
	   !strncmp(err, "column 12: ", 11), "column counts UTF-8 characters");

	ok(!compiles_ok(NULL, err, sizeof err), "NULL text is an error");
	ok(!compiles_ok("1 +", NULL, 0), "no error buffer is fine");
	err[0] = 'x';
	ok(!compiles_ok("1 +", err, 1) && err[0] == '\0', "one-byte error buffer stays terminated");
	ok(!compiles_ok("1 +", err, 8) && strlen(err) == 7, "short error buffer is truncated");
}

static void test_short_circuit(void)
{
	char err[256];
	expr *e;

	boom_hits = 0;
	e = expr_compile("flag && boom > 1", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == 0 && boom_hits == 0,
	   "false && skips the lookup on the right");
	expr_free(e);

	e = expr_compile("urgent || boom > 1", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == 1 && boom_hits == 0,
	   "true || skips the lookup on the right");
	expr_free(e);

	e = expr_compile("urgent && boom == 0", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == 1 && boom_hits == 1,
	   "true && evaluates the right side");
	expr_free(e);

	boom_hits = 0;
	e = expr_compile("flag && boom > 1 || urgent && 1 / 0 == 0", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == -1 && boom_hits == 0 &&
	   strstr(err, "division by zero"), "error on the right of a true && is reported");
	expr_free(e);

	boom_hits = 0;
	e = expr_compile("category in [\"travel\", boom]", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == 1 && boom_hits == 0,
	   "in stops at the first match");
	expr_free(e);
}

static void test_expr_test(void)
{
	static const struct {
		const char *src;
		int want;
	} cases[] = {
		{ "urgent", 1 }, { "flag", 0 }, { "note", 0 }, { "missing", 0 },
		{ "null", 0 }, { "amount > 5000", 1 }, { "amount", -1 },
		{ "category", -1 }, { "1 / 0 == 1", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[256];
		expr *e = expr_compile(cases[i].src, err, sizeof err);
		int r = e ? expr_test(e, lookup, NULL, err, sizeof err) : -2;

		ok(r == cases[i].want && (r != -1 || err[0]), "expr_test %s gives %d",
		   cases[i].src, cases[i].want);
		expr_free(e);
	}

	{
		char err[256];
		expr *e = expr_compile("amount", err, sizeof err);

		ok(e && expr_test(e, lookup, NULL, err, sizeof err) == -1 &&
		   strstr(err, "number, not true/false"), "a number is not a condition");
		expr_free(e);
	}
	{
		char err[256];
		expr *e = expr_compile("amount > 5000", err, sizeof err);

		ok(e && expr_test(e, NULL, NULL, err, sizeof err) == -1 &&
		   strstr(err, "cannot compare null"), "without lookup every name is null");
		expr_free(e);
	}
}

struct collect {
	char names[8][64];
	int n;
	int stop_after;
};

static int collect_ident(void *ctx, const char *name)
{
	struct collect *c = ctx;

	if (c->n < 8)
		snprintf(c->names[c->n], sizeof c->names[0], "%s", name);
	c->n++;
	return c->stop_after && c->n >= c->stop_after ? 42 : 0;
}

static void test_idents(void)
{
	char err[256];
	struct collect c;
	expr *e = expr_compile("a && b.c || x in [a, \"s\", d] || -e.f > 1", err, sizeof err);
	int r;

	memset(&c, 0, sizeof c);
	r = e ? expr_each_ident(e, collect_ident, &c) : -1;
	ok(r == 0 && c.n == 6 && !strcmp(c.names[0], "a") && !strcmp(c.names[1], "b.c") &&
	   !strcmp(c.names[2], "x") && !strcmp(c.names[3], "a") && !strcmp(c.names[4], "d") &&
	   !strcmp(c.names[5], "e.f"), "each_ident lists names in source order");

	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	r = e ? expr_each_ident(e, collect_ident, &c) : -1;
	ok(r == 42 && c.n == 2, "each_ident stops early and passes the value on");
	expr_free(e);

	e = expr_compile("1 + 2 == \"x\"", err, sizeof err);
	memset(&c, 0, sizeof c);
	ok(e && expr_each_ident(e, collect_ident, &c) == 0 && c.n == 0,
	   "each_ident on a constant expression calls nothing");
	expr_free(e);

	e = expr_compile("amount > 1 && bogus.field == note", err, sizeof err);
	ok(e && expr_check_idents(e, lookup, NULL, err, sizeof err) == -1 &&
	   !strcmp(err, "column 15: unknown field 'bogus.field'"),
	   "check_idents names the first unknown field and its column");
	expr_free(e);

	e = expr_compile("amount > 1 && applicant.department == \"行政部\" && note == null",
			 err, sizeof err);
	ok(e && expr_check_idents(e, lookup, NULL, err, sizeof err) == 0,
	   "check_idents accepts known fields, including null-valued ones");
	expr_free(e);

	ok(expr_each_ident(NULL, collect_ident, &c) == 0, "each_ident on NULL is 0");
	expr_free(NULL);
	ok(1, "expr_free(NULL) is harmless");
}

static void test_strings_live_in_expr(void)
{
	char err[256];
	expr_value v;
	expr *e = expr_compile("\"行政部\"", err, sizeof err);

	ok(e && expr_eval(e, lookup, NULL, &v, err, sizeof err) == 0 &&
	   v.type == EXPR_STR && !strcmp(v.str, "行政部"), "string literal result");
	expr_free(e);

	e = expr_compile("applicant.department", err, sizeof err);
	ok(e && expr_eval(e, lookup, NULL, &v, err, sizeof err) == 0 &&
	   v.type == EXPR_STR && v.str == fields[2].v.str,
	   "looked-up string is passed through, not copied");
	expr_free(e);

	e = expr_compile("x == 1", err, sizeof err);
	ok(e != NULL && err[0] == '\0', "successful compile leaves err empty");
	ok(e && expr_eval(e, lookup, NULL, NULL, err, sizeof err) == -1, "NULL out is an error");
	ok(expr_eval(NULL, lookup, NULL, &v, err, sizeof err) == -1, "NULL expr is an error");
	expr_free(e);

	/* Reusing one compiled expression gives the same answer each time. */
	e = expr_compile("pages * copies > 500 && category in [\"travel\"]", err, sizeof err);
	ok(e && expr_test(e, lookup, NULL, err, sizeof err) == 1 &&
	   expr_test(e, lookup, NULL, err, sizeof err) == 1, "compiled expression is reusable");
	expr_free(e);
}

static void test_money(void)
{
	static const struct {
		const char *text;
		int64_t cents;
	} good[] = {
		{ "5000", 500000 }, { "5000.5", 500050 }, { "5000.50", 500050 },
		{ "-12.34", -1234 }, { "0.01", 1 }, { "-0.01", -1 }, { "0", 0 },
		{ "-0", 0 }, { "0.00", 0 }, { "007.10", 710 },
		{ "92233720368547758.07", INT64_MAX },
		{ "-92233720368547758.08", INT64_MIN },
	};
	static const char *const bad[] = {
		"", "-", "5.", ".5", "-.5", "1.234", "12a", " 5", "5 ", "1,000",
		"+5", "--5", "5e3", "1.2.3", "0x10", "abc", "92233720368547758.08",
		"-92233720368547758.09", "99999999999999999999", "5000.001",
		"１２", "12\n",
	};
	size_t i;
	char buf[32];

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t c = -777;

		ok(expr_parse_money(good[i].text, &c) == 0 && c == good[i].cents,
		   "money \"%s\" is %" PRId64, good[i].text, good[i].cents);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t c = -777;

		ok(expr_parse_money(bad[i], &c) == -1 && c == -777,
		   "money \"%s\" rejected, output untouched", bad[i]);
	}
	ok(expr_parse_money(NULL, NULL) == -1, "money NULL rejected");

	ok(!strcmp(expr_format_money(500050, buf, sizeof buf), "5000.50"), "format 5000.50");
	ok(!strcmp(expr_format_money(-1234, buf, sizeof buf), "-12.34"), "format -12.34");
	ok(!strcmp(expr_format_money(-5, buf, sizeof buf), "-0.05"), "format -0.05");
	ok(!strcmp(expr_format_money(0, buf, sizeof buf), "0.00"), "format 0.00");
	ok(!strcmp(expr_format_money(INT64_MIN, buf, sizeof buf), "-92233720368547758.08"),
	   "format INT64_MIN");
	ok(!strcmp(expr_format_money(INT64_MAX, buf, sizeof buf), "92233720368547758.07"),
	   "format INT64_MAX");
	{
		int64_t back = 0;

		expr_format_money(-987654321, buf, sizeof buf);
		ok(expr_parse_money(buf, &back) == 0 && back == -987654321,
		   "format and parse round-trip");
	}
	ok(!strcmp(expr_type_name(EXPR_NUM), "number") && !strcmp(expr_type_name(EXPR_STR), "string") &&
	   !strcmp(expr_type_name(EXPR_BOOL), "bool") && !strcmp(expr_type_name(EXPR_NULL), "null"),
	   "type names");
}

static void run_all(void)
{
	test_evals();
	test_compile_errors();
	test_limits();
	test_short_circuit();
	test_expr_test();
	test_idents();
	test_strings_live_in_expr();
	test_money();
}

int main(void)
{
	counting = 1;
	run_all();
	printf("1..%d\n", ntests);
	counting = 0;
	ntests = 0;
	run_all();
	return nfailed ? 1 : 0;
}
