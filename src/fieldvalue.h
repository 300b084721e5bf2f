/* A field's value once its type has checked and normalised it: what the
 * engine stores, routes on and runs effects with, and what the domain
 * modules that read a submission (booking's refused-booking record) get;
 * and each type's check and normal form (fieldvalue.c), which the types'
 * table (fieldtype.h) points at. Knows no engine. */
#ifndef AF_FIELDVALUE_H
#define AF_FIELDVALUE_H

#include <stdint.h>
#include "formdef.h"
#include "status.h"

/* The most characters a text field takes when its form sets no max_length. */
#define FIELDVALUE_TEXT_LIMIT 4000

typedef struct {
	const form_field *field;
	int present;
	char *text;      /* as shown and stored for text-like types */
	int64_t num;     /* integer value, or money in cents */
	int is_num;
	char *json;      /* structured values (lists, ranges) as JSON text */
} field_value;


/* v as field fd's type takes it, into out (out->field, present, text and
 * num or json as the type has them); AF_INVALID "field NAME: why" when it
 * is not one. Frees nothing: the caller frees out->text and out->json. */
af_status fieldvalue_normalize(const form_field *fd, const char *v, field_value *out);
/* Each type's own (fieldtype_list.h names one a type). */
#define FIELDVALUE_NORM(name) af_status fieldvalue_##name(const form_field *fd, const char *v, field_value *out);
FIELDVALUE_NORM(norm_text)
FIELDVALUE_NORM(norm_integer)
FIELDVALUE_NORM(norm_money)
FIELDVALUE_NORM(norm_date)
FIELDVALUE_NORM(norm_datetime)
FIELDVALUE_NORM(norm_timerange)
FIELDVALUE_NORM(norm_choice)
FIELDVALUE_NORM(norm_multichoice)
FIELDVALUE_NORM(norm_reference)
FIELDVALUE_NORM(norm_supply_lines)
FIELDVALUE_NORM(norm_request)
FIELDVALUE_NORM(norm_lines)
#undef FIELDVALUE_NORM
/* A stored value (from requests.data, as json_each gives it) back as the
 * text a user would type: the inverse of the normaliser, so that a
 * resubmission validates every field again and show prints what submit
 * accepts. Caller frees. */
char *fieldvalue_to_text(const form_field *fd, const char *stored);
#define FIELDVALUE_TEXT(name) char *fieldvalue_##name(const form_field *fd, const char *stored);
FIELDVALUE_TEXT(text_as_is)
FIELDVALUE_TEXT(text_money)
FIELDVALUE_TEXT(text_multichoice)
FIELDVALUE_TEXT(text_supply_lines)
FIELDVALUE_TEXT(text_timerange)
FIELDVALUE_TEXT(text_lines)
#undef FIELDVALUE_TEXT

/* Text as a text field takes it: valid UTF-8, within max_length
 * characters (FIELDVALUE_TEXT_LIMIT when none), no control characters
 * (newlines and tabs when multiline), not only invisible ones. */
af_status fieldvalue_check_text(const form_field *fd, const char *v, int multiline);

/* A stored lines value (JSON) as the text submit takes, and one row of it
 * typed (cells in column order, ',' ';' '\' escaped) or, with readable,
 * "column=value, ..." for show. Caller frees. */
char *fieldvalue_lines_text(const form_field *fd, const char *json);
char *fieldvalue_lines_row_text(const form_field *fd, const char *row, int readable);
/* A typed lines value split into cells (row-major, NULL when empty; free
 * with fieldvalue_lines_free), joined back, and one cell checked as its
 * column's type says (the message names the row and column). */
af_status fieldvalue_lines_parse(const form_field *fd, const char *text, char ***cells, int *n_rows);
void fieldvalue_lines_free(char **cells, int n_cells);
char *fieldvalue_lines_join(const form_field *fd, char *const *cells, int n_rows);
af_status fieldvalue_lines_check_cell(const form_field *fd, int row, int col, const char *text);

#endif
