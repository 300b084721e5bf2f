/* Column names of the CSV files people open in a spreadsheet: written in
 * the reader's language (the screens' catalog, po/LANG.po, context
 * "report column") or in English by the export.headers setting, and
 * recognised in every language the program has a catalog for, so that a
 * file exported on Chinese screens imports back on English ones. */
#ifndef AF_COLNAMES_H
#define AF_COLNAMES_H

/* The header for the column called english in a file written now: its
 * translation, or english itself (export.headers = "english", no
 * translation, a non-Chinese reader). Never freed. */
const char *colnames_out(const char *english);
/* 1 when cell (a header cell read from a file) names the column english:
 * english itself, or its translation in any installed catalog. */
int colnames_is(const char *cell, const char *english);
/* The label a code value (ctx: e.g. "asset status") carries in the
 * reader's language, for the label column beside a code column; the code
 * itself when there is none. Never freed. */
const char *colnames_value(const char *ctx, const char *code);
/* 1 when files written now carry translated headers and label columns. */
int colnames_translated(void);

#endif
