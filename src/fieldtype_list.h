/* The field types a form may use, one line each, in one list: fieldtype.c
 * reads what the form language needs (the name, whether a lines field's
 * column may have it, the query that finds a register's row and the word
 * for it) and each type's check and normal form, fieldvalue_NORMALISE in
 * fieldvalue.c. A type is added here, and both follow.
 *
 * FIELDTYPE(enum, name in a form, column, ref_sql, ref_what, ref_all, normalise, to_text)
 * - column: 1 when a lines field's column may have the type;
 * - ref_sql, ref_what, ref_all: register types only, 1 when ?1 names an
 *   active row, what ?1 names, for the error, and every value ref_sql
 *   knows, for the error's "(nearest: ...)"; else NULL;
 * - normalise: fieldvalue.c's check of a typed value into what is stored
 *   and shown (fieldvalue_norm_...);
 * - to_text: its inverse, a stored value back as the text a user types
 *   (fieldvalue_text_...). */
FIELDTYPE(FT_TEXT, "text", 1, NULL, NULL, NULL, norm_text, text_as_is)
FIELDTYPE(FT_LONGTEXT, "longtext", 0, NULL, NULL, NULL, norm_text, text_as_is)
FIELDTYPE(FT_INTEGER, "integer", 1, NULL, NULL, NULL, norm_integer, text_as_is)
FIELDTYPE(FT_MONEY, "money", 1, NULL, NULL, NULL, norm_money, text_money)
FIELDTYPE(FT_DATE, "date", 1, NULL, NULL, NULL, norm_date, text_as_is)
FIELDTYPE(FT_DATETIME, "datetime", 0, NULL, NULL, NULL, norm_datetime, text_as_is)
FIELDTYPE(FT_TIMERANGE, "timerange", 0, NULL, NULL, NULL, norm_timerange, text_timerange)
FIELDTYPE(FT_CHOICE, "choice", 1, NULL, NULL, NULL, norm_choice, text_as_is)
FIELDTYPE(FT_MULTICHOICE, "multichoice", 0, NULL, NULL, NULL, norm_multichoice, text_multichoice)
FIELDTYPE(FT_EMPLOYEE, "employee", 0, "SELECT 1 FROM employees WHERE login = ?1 AND active", "employee",
	  "SELECT login FROM employees WHERE active", norm_reference, text_as_is)
FIELDTYPE(FT_DEPARTMENT, "department", 0, "SELECT 1 FROM departments WHERE code = ?1", "department",
	  "SELECT code FROM departments", norm_reference, text_as_is)
FIELDTYPE(FT_ROOM, "room", 0, "SELECT 1 FROM rooms WHERE code = ?1 AND active", "room",
	  "SELECT code FROM rooms WHERE active", norm_reference, text_as_is)
FIELDTYPE(FT_VEHICLE, "vehicle", 0, "SELECT 1 FROM vehicles WHERE code = ?1 AND active", "vehicle",
	  "SELECT code FROM vehicles WHERE active", norm_reference, text_as_is)
FIELDTYPE(FT_SPACE, "space", 0, "SELECT 1 FROM spaces WHERE code = ?1", "space",
	  "SELECT code FROM spaces", norm_reference, text_as_is)
FIELDTYPE(FT_SUPPLY_LINES, "supply_lines", 0, NULL, NULL, NULL, norm_supply_lines, text_supply_lines)
FIELDTYPE(FT_ASSET, "asset", 0, "SELECT 1 FROM assets WHERE tag = ?1", "asset",
	  "SELECT tag FROM assets", norm_reference, text_as_is)
FIELDTYPE(FT_SUPPLIER, "supplier", 0, "SELECT 1 FROM suppliers WHERE code = ?1", "supplier",
	  "SELECT code FROM suppliers", norm_reference, text_as_is)
FIELDTYPE(FT_SEAL, "seal", 0, "SELECT 1 FROM seals WHERE code = ?1", "seal",
	  "SELECT code FROM seals", norm_reference, text_as_is)
FIELDTYPE(FT_ATTACHMENT, "attachment", 0, NULL, NULL, NULL, norm_text, text_as_is)
FIELDTYPE(FT_REQUEST, "request", 0, NULL, NULL, NULL, norm_request, text_as_is)
FIELDTYPE(FT_LINES, "lines", 0, NULL, NULL, NULL, norm_lines, text_lines)
/* A licence by its code or its name (the renewal form has always taken
 * either: licence=营业执照). */
FIELDTYPE(FT_LICENCE, "licence", 0, "SELECT 1 FROM licences WHERE code = ?1 OR name = ?1 LIMIT 1", "licence",
	  "SELECT code FROM licences UNION ALL SELECT name FROM licences", norm_reference, text_as_is)
