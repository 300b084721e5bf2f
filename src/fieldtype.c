#include "autoconf.h"
#include <string.h>
#include "fieldtype.h"

static const fieldtype_info types[FIELDTYPE_COUNT] = {
#define FIELDTYPE(t, name, column, ref_sql, ref_what, ref_all, normalise, to_text) \
	[t] = { name, column, ref_sql, ref_what, ref_all, fieldvalue_##normalise, fieldvalue_##to_text },
#include "fieldtype_list.h"
#undef FIELDTYPE
};

/* One line of the list for each type of formdef.h's enum. */
_Static_assert(0
#define FIELDTYPE(...) + 1
#include "fieldtype_list.h"
#undef FIELDTYPE
	       == FIELDTYPE_COUNT, "fieldtype_list.h: one line for each field_type");

const fieldtype_info *fieldtype(field_type t)
{
	return (int)t >= 0 && (int)t < FIELDTYPE_COUNT ? &types[t] : NULL;
}

int fieldtype_by_name(const char *name)
{
	for (int i = 0; name && i < FIELDTYPE_COUNT; i++)
		if (!strcmp(types[i].name, name))
			return i;
	return -1;
}
