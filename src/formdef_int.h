/* Inside the forms module only (formdef.c, formdef_parse.c,
 * formdef_read.c): the reader's messages and typed settings, and the
 * parser's entry, shared by the three files and by no one else.
 *
 * The helpers keep the short names they had when the module was one file;
 * the linker sees them with the module's prefix, so no other module's
 * name can clash with them. */
#ifndef AF_FORMDEF_INT_H
#define AF_FORMDEF_INT_H

#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include "formdef.h"

#define diag_at formdef_diag_at
#define diag_flush formdef_diag_flush
#define line_of formdef_line_of
#define in_list formdef_in_list
#define suggest formdef_suggest
#define check_keys formdef_check_keys
#define missing formdef_missing
#define get_string formdef_get_string
#define get_bool formdef_get_bool
#define is_int formdef_is_int
#define int_too_big formdef_int_too_big
#define get_int_range formdef_get_int_range
#define get_strlist formdef_get_strlist
#define check_bytes formdef_check_bytes
#define read_file formdef_read_file
#define free_form formdef_free_form
#define field_in formdef_field_in

#define MAX_NAME 32          /* names of fields, steps, forms */

/* ---- formdef_read.c: messages ---------------------------------------- */

struct message {
	int line, seq;
	char *text;
};

/* The messages of one file (or of the cross-file pass), printed sorted. */
typedef struct {
	const char *path;
	FILE *out;
	struct message *msgs;
	int n, cap;
	int errors, warnings;
} diag;

/* Collects "PATH:LINE: CTX: why" for d, counted as an error, or as a
 * warning (which says so after the line); error_at and warn_at say which. */
__attribute__((format(printf, 5, 6)))
void diag_at(diag *d, int line, int warning, const char *ctx, const char *fmt, ...);
#define error_at(d, line, ...) diag_at(d, line, 0, __VA_ARGS__)
#define warn_at(d, line, ...) diag_at(d, line, 1, __VA_ARGS__)
/* Writes the collected messages sorted by line and forgets them. */
void diag_flush(diag *d);
/* The line of s in its file; 1 for NULL. */
int line_of(const config_setting_t *s);

/* ---- formdef_read.c: small helpers ----------------------------------- */

/* 1 when s is in the NULL-terminated list. */
int in_list(const char *s, const char *const *list);
/* " (did you mean 'x'?)" for a near miss in list (fewer than 3 characters
 * off, and fewer than x has), else "" (static). */
const char *suggest(const char *s, const char *const *list);

/* ---- formdef_read.c: typed settings ---------------------------------- */

/* Names every member of group that is not in keys. */
void check_keys(diag *d, const config_setting_t *group,
		const char *const *keys, const char *ctx);
void missing(diag *d, const config_setting_t *group, const char *ctx,
	     const char *key);
/* The string setting key of group: 1 and *out set (borrowed), 0 when
 * absent (an error when required), -1 on a bad value. */
int get_string(diag *d, const config_setting_t *group, const char *key,
	       const char *ctx, int required, const char **out);
int get_bool(diag *d, const config_setting_t *group, const char *key,
	     const char *ctx, int *out);
int is_int(const config_setting_t *s);
/* 1 when the whole number written for s is beyond 64 bits. */
int int_too_big(const diag *d, const config_setting_t *s);
int get_int_range(diag *d, const config_setting_t *group, const char *key,
		  const char *ctx, int lo, int hi, int *out);
/* A list or array of strings: 1 with *out set (borrowed, freed by the
 * caller's free()), 0 when absent, -1 on a bad value. */
int get_strlist(diag *d, const config_setting_t *group, const char *key,
		const char *ctx, int required, const char ***out, int *n_out,
		const config_setting_t **where);

/* ---- formdef_read.c: the file ---------------------------------------- */

/* Whole-file checks on the raw bytes; -1 after reporting. */
int check_bytes(diag *d, const char *buf, size_t len);
/* Reads path (at most 1 MiB) into a new NUL-terminated buffer; NULL after
 * reporting. */
char *read_file(diag *d, const char *path, size_t *len);

/* ---- formdef_parse.c ------------------------------------------------- */

/* Reads the forms/ file at path into *f (zeroed by the caller), every
 * problem reported to d. 0 when its form group was read (f may still
 * have errors: see d->errors) with *id_line and *prefix_line set to where
 * id and prefix are written; -1 when the file is no form at all. */
int formdef_parse_file(diag *d, const char *path, form_def *f, int *id_line,
		       int *prefix_line);
/* Frees what f holds and zeroes it. */
void free_form(form_def *f);
/* The field of f with this name, or NULL. */
const form_field *field_in(const form_def *f, const char *name);

#endif
