/* A field's value once its type has checked and normalised it: what the
 * engine stores, routes on and runs effects with, and what the domain
 * modules that read a submission (booking's refused-booking record) get.
 * Knows no database and no engine. */
#ifndef AF_FIELDVALUE_H
#define AF_FIELDVALUE_H

#include <stdint.h>
#include "formdef.h"

typedef struct {
	const form_field *field;
	int present;
	char *text;      /* as shown and stored for text-like types */
	int64_t num;     /* integer value, or money in cents */
	int is_num;
	char *json;      /* structured values (lists, ranges) as JSON text */
} field_value;

#endif
