#include "autoconf.h"
#include <string.h>
#include "fieldtype.h"

static const fieldtype_info types[FIELDTYPE_COUNT] = {
	[FT_TEXT] = { "text", 1, NULL, NULL },
	[FT_LONGTEXT] = { "longtext", 0, NULL, NULL },
	[FT_INTEGER] = { "integer", 1, NULL, NULL },
	[FT_MONEY] = { "money", 1, NULL, NULL },
	[FT_DATE] = { "date", 1, NULL, NULL },
	[FT_DATETIME] = { "datetime", 0, NULL, NULL },
	[FT_TIMERANGE] = { "timerange", 0, NULL, NULL },
	[FT_CHOICE] = { "choice", 1, NULL, NULL },
	[FT_MULTICHOICE] = { "multichoice", 0, NULL, NULL },
	[FT_EMPLOYEE] = { "employee", 0, "SELECT 1 FROM employees WHERE login = ?1 AND active", "employee",
		"SELECT login FROM employees WHERE active" },
	[FT_DEPARTMENT] = { "department", 0, "SELECT 1 FROM departments WHERE code = ?1", "department", "SELECT code FROM departments" },
	[FT_ROOM] = { "room", 0, "SELECT 1 FROM rooms WHERE code = ?1 AND active", "room", "SELECT code FROM rooms WHERE active" },
	[FT_VEHICLE] = { "vehicle", 0, "SELECT 1 FROM vehicles WHERE code = ?1 AND active", "vehicle", "SELECT code FROM vehicles WHERE active" },
	[FT_SPACE] = { "space", 0, "SELECT 1 FROM spaces WHERE code = ?1", "space", "SELECT code FROM spaces" },
	[FT_SUPPLY_LINES] = { "supply_lines", 0, NULL, NULL },
	[FT_ASSET] = { "asset", 0, "SELECT 1 FROM assets WHERE tag = ?1", "asset", "SELECT tag FROM assets" },
	[FT_SUPPLIER] = { "supplier", 0, "SELECT 1 FROM suppliers WHERE code = ?1", "supplier", "SELECT code FROM suppliers" },
	[FT_SEAL] = { "seal", 0, "SELECT 1 FROM seals WHERE code = ?1", "seal", "SELECT code FROM seals" },
	/* A licence by its code or its name (the renewal form has always
	 * taken either: licence=营业执照). */
	[FT_LICENCE] = { "licence", 0, "SELECT 1 FROM licences WHERE code = ?1 OR name = ?1 LIMIT 1", "licence",
			 "SELECT code FROM licences UNION ALL SELECT name FROM licences" },
	[FT_ATTACHMENT] = { "attachment", 0, NULL, NULL },
	[FT_REQUEST] = { "request", 0, NULL, NULL },
	[FT_LINES] = { "lines", 0, NULL, NULL },
};

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
