/* The field types, one table: each type's name in a form file, whether a
 * column of a lines field may have it, and for the types that name a row of
 * a register, the query that finds it. formdef reads names and columns,
 * the engine the registers and each type's check (fieldvalue.c); neither
 * keeps its own list. The table is made from fieldtype_list.h. */
#ifndef AF_FIELDTYPE_H
#define AF_FIELDTYPE_H

#include "formdef.h"
#include "fieldvalue.h"

typedef struct {
	const char *name;        /* as written in a form: type = "money" */
	int column;              /* 1: a lines field's column may have it */
	const char *ref_sql;     /* register types: 1 when ?1 names an active row; else NULL */
	const char *ref_what;    /* register types: what ?1 names, for the error */
	const char *ref_all;     /* register types: every value ref_sql knows, for "nearest" */
	/* the type's check and normal form (fieldvalue.c) */
	af_status (*normalize)(const form_field *fd, const char *v, field_value *out);
	/* a stored value (as json_each gives it) back as typed; caller frees */
	char *(*to_text)(const form_field *fd, const char *stored);
} fieldtype_info;

#define FIELDTYPE_COUNT (FT_LICENCE + 1)
/* The type's entry; NULL for a value that is no type. */
const fieldtype_info *fieldtype(field_type t);
/* The type called name, or -1. */
int fieldtype_by_name(const char *name);

#endif
