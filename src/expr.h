/* Conditions in form definitions ("amount > 5000 && category == \"travel\"").
 * A pure parser and evaluator: nothing here touches SQL, the shell or the
 * file system, so a form author can write any text without that text ever
 * becoming code somewhere else.
 *
 * Every number is fixed-point hundredths in an int64_t, so money stays exact
 * and the integer 5000 equals the amount 5000.00 without any conversion. */
#ifndef AF_EXPR_H
#define AF_EXPR_H

#include <stddef.h>
#include <stdint.h>

/* Longer texts and deeper nesting are refused at compile time, so hostile
 * input can neither exhaust the stack nor make evaluation expensive. */
#define EXPR_MAX_TEXT 4096
#define EXPR_MAX_DEPTH 64

typedef enum { EXPR_NULL, EXPR_BOOL, EXPR_NUM, EXPR_STR } expr_type;

typedef struct {
	expr_type type;
	int64_t num; /* hundredths when EXPR_NUM; 0/1 when EXPR_BOOL */
	const char *str;
} expr_value;

typedef struct expr expr; /* opaque compiled expression */

/* Lookup: return 1 and fill *out if name is known, 0 if unknown. out->str
 * must stay valid during expr_eval. */
typedef int (*expr_lookup_fn)(void *ctx, const char *name, expr_value *out);

/* A new expression the caller frees with expr_free; on failure NULL and
 * "column N: why" in err (N counts UTF-8 characters from 1). */
expr *expr_compile(const char *text, char *err, size_t errlen);

/* Releases e and every string it handed out; NULL is fine. */
void expr_free(expr *e);

/* 0 and *out set, or -1 with the reason in err; strings in *out point into
 * e or into lookup results, so nothing is to be freed. lookup may be NULL. */
int expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx,
	      expr_value *out, char *err, size_t errlen);

/* 1 true, 0 false (null is false), -1 with err set when evaluation fails
 * or the result is a number or string. */
int expr_test(const expr *e, expr_lookup_fn lookup, void *ctx,
	      char *err, size_t errlen);

/* Calls fn for every identifier reference in source order (repeats
 * included); returns the first non-zero fn result, else 0. */
int expr_each_ident(const expr *e, int (*fn)(void *ctx, const char *name),
		    void *ctx);

/* 0 when lookup knows every identifier, else -1 and "column N: unknown
 * field 'x'" in err for the first unknown one; for validating forms. */
int expr_check_idents(const expr *e, expr_lookup_fn lookup, void *ctx,
		      char *err, size_t errlen);

/* 0 and *cents set for "5000", "5000.5", "-12.34"; -1 for more than two
 * decimals, junk, surrounding blanks or overflow (then *cents is untouched). */
int expr_parse_money(const char *text, int64_t *cents);

/* Writes hundredths as "-12.34" / "5000.00" into buf and returns buf;
 * truncated (still NUL-terminated) if len is too small. */
char *expr_format_money(int64_t cents, char *buf, size_t len);

/* "null", "bool", "number" or "string"; a static string. */
const char *expr_type_name(expr_type t);

#endif
