/* Field values: checked and normalized as their type says, and given back
 * as a user types them. */
#ifndef AF_ENGINE_FIELDS_H
#define AF_ENGINE_FIELDS_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"

typedef struct {
	const char *name;
	const char *value;
} engine_input;

/* Validates the inputs against the form (missing required fields, types,
 * ranges, references); AF_INVALID naming "field NAME: why". */
af_status engine_validate(const form_def *f, const engine_input *in, int n);
/* The warning a form shows while it is filled in (in the screens'
 * language, numbers as they write them), the request still going: 1 when these inputs, submitted now by the current user, would
 * take their department's budget past its amount (why says which and by
 * how much), or ask more supplies than are available (stock_shortfall's
 * words), both joined by "; "; else 0, also when the inputs do not
 * validate. No read for forms with neither. */
int engine_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len);
/* Its stock part alone, in the command line's English: what `submit` says on stderr. (Whether a claim is
 * over budget is decided inside the submission's transaction, by the
 * route; a look before it could say otherwise when claims race.) */
int engine_stock_warning(const form_def *f, const engine_input *in, int n, char *why, size_t len);
/* A stored value (as requests.data holds it) as the text a user types:
 * money with two decimals, lines in their typed form. Caller frees. */
char *engine_field_text(const form_field *fd, const char *stored);
/* Lines in the typed form ("travel,12.50,1;meals,8") as a grid of cells as
 * typed, row-major with fd->n_columns cells a row, NULL where empty (caller
 * frees with engine_lines_free). AF_INVALID naming the row when a row has
 * more cells than columns. */
af_status engine_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows);
void engine_lines_free(char **cells, int n_cells);
/* The grid back in the typed form, separators escaped. Caller frees. */
char *engine_lines_join(const form_field *fd, char *const *cells, int n_rows);
/* Checks one cell as its column's type says; AF_INVALID with
 * "field LINES: row N, COLUMN: why". Empty is checked as required or not. */
af_status engine_lines_check_cell(const form_field *fd, int row, int col, const char *text);
/* What a computed money field (sum = "lines.amount") comes to for the
 * typed lines, with two decimals; NULL when the lines do not validate.
 * Caller frees. */
char *engine_sum_text(const form_def *f, const form_field *fd, const char *lines);

/* The one rule for who may read a field's value: a field not marked
 * sensitive, or one the reader may see as auth_sees_sensitive says (the
 * request's applicant, applicant_id, or whoever holds see_sensitive), or a
 * reader in one of the field's visible_to roles. Show, the screens and the exports ask here; where it
 * says no they print "******". */
int engine_field_visible(const form_field *fd, int64_t applicant_id);

#endif
