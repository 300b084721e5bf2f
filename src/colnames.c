#include "autoconf.h"
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "colnames.h"
#include "config.h"
#include "i18n.h"
#include "util.h"

/* Registers' columns have their own context (a space's "kind" is not a
 * stocktake difference's); a report's columns, the count sheet's among
 * them, are the screens' "report column" words. */
#define CTX "register column"
#define REPORT_CTX "report column"

/* For po/adminflow.pot: the registers' columns and the codes that get a
 * label column. */
static const char *const marked[] __attribute__((unused)) = {
	NC_("register column", "code"), NC_("register column", "name"),
	NC_("register column", "parent"), NC_("register column", "head"),
	NC_("register column", "login"), NC_("register column", "department"),
	NC_("register column", "title"), NC_("register column", "email"),
	NC_("register column", "phone"), NC_("register column", "id_number"),
	NC_("register column", "role"), NC_("register column", "capacity"),
	NC_("register column", "location"), NC_("register column", "equipment"),
	NC_("register column", "manager"), NC_("register column", "plate"),
	NC_("register column", "seats"), NC_("register column", "kind"),
	NC_("register column", "sku"), NC_("register column", "unit"),
	NC_("register column", "on_hand"), NC_("register column", "reorder_level"),
	NC_("register column", "tag"), NC_("register column", "category"),
	NC_("register column", "status"), NC_("register column", "holder"),
	NC_("register column", "purchase_date"), NC_("register column", "cost"),
	NC_("register column", "contact"), NC_("register column", "number"),
	NC_("register column", "keeper"), NC_("register column", "expires_on"),
	NC_("register column", "remind_days"), NC_("register column", "found"),
	NC_("register column", "status_label"), NC_("register column", "kind_label"),
	NC_("register column", "supplier"), NC_("register column", "price"),
	NC_("register column", "floor"),
	NC_("register column", "life_months"), NC_("register column", "salvage"),
	NC_("register column", "in_service_on"), NC_("register column", "depreciated"),
	NC_("register column", "book_value"),
	/* the activity exports' columns */
	NC_("register column", "number"), NC_("register column", "form"),
	NC_("register column", "affair"), NC_("register column", "applicant"),
	NC_("register column", "applicant_name"), NC_("register column", "state"),
	NC_("register column", "step"), NC_("register column", "created_at"),
	NC_("register column", "decided_at"), NC_("register column", "done_at"),
	NC_("register column", "paid_at"), NC_("register column", "summary"),
	NC_("register column", "assignee"), NC_("register column", "for"),
	NC_("register column", "due_at"), NC_("register column", "acted_at"),
	NC_("register column", "acted_by"), NC_("register column", "opinion"),
	NC_("register column", "overdue"), NC_("register column", "at"),
	NC_("register column", "item"), NC_("register column", "quantity"),
	NC_("register column", "request"), NC_("register column", "actor"),
	NC_("register column", "note"), NC_("register column", "seal"),
	NC_("register column", "seal_name"), NC_("register column", "document"),
	NC_("register column", "copies"), NC_("register column", "used_by"),
	NC_("register column", "used_by_name"), NC_("register column", "witness"),
	NC_("register column", "confirmed_by"), NC_("register column", "id"),
	NC_("register column", "action"), NC_("register column", "object"),
	NC_("register column", "detail"), NC_("register column", "prev_hash"),
	NC_("register column", "hash"), NC_("register column", "attachments"),
	NC_("asset status", "in_stock"), NC_("asset status", "in_use"),
	NC_("asset status", "in_repair"), NC_("asset status", "retired"),
	NC_("asset status", "lost"),
	NC_("space kind", "desk"), NC_("space kind", "office"), NC_("space kind", "area"),
};

int colnames_translated(void)
{
	return strcmp(cfg.export_headers, "english") != 0 && i18n_chinese();
}

const char *colnames_out(const char *english)
{
	const char *t;

	if (!colnames_translated())
		return english;
	t = i18n_ctx(CTX, english);
	return t != english ? t : i18n_ctx(REPORT_CTX, english);
}

const char *colnames_value(const char *ctx, const char *code)
{
	return colnames_translated() ? i18n_ctx(ctx, code) : code;
}

/* ---- every catalog, whatever the locale -------------------------------- */

/* A compiled catalog (GNU .mo) read whole: gettext answers only in the
 * locale's language, and a header may come from a file made in another. */
struct catalog {
	unsigned char *data;
	size_t len;
	int swap;
	uint32_t n, orig, trans;
};

static struct catalog *catalogs;
static size_t ncatalogs;
static int loaded;

static uint32_t word(const struct catalog *c, size_t off)
{
	uint32_t v;

	if (off + 4 > c->len)
		return 0;
	memcpy(&v, c->data + off, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

/* The string at table entry i (table at off), or NULL when out of bounds. */
static const char *entry(const struct catalog *c, uint32_t table, uint32_t i)
{
	uint32_t len = word(c, (size_t)table + 8u * i), at = word(c, (size_t)table + 8u * i + 4);

	if ((size_t)at + len >= c->len || c->data[at + len] != '\0')
		return NULL;
	return (const char *)c->data + at;
}

static void load_catalog(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct catalog c = {0};
	uint32_t magic;
	long size;

	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 28 && size < (16L << 20) &&
	    fseek(f, 0, SEEK_SET) == 0) {
		c.len = (size_t)size;
		c.data = xmalloc(c.len);
		if (fread(c.data, 1, c.len, f) == c.len) {
			memcpy(&magic, c.data, 4);
			c.swap = magic == 0xde120495u;
			if (magic == 0x950412deu || c.swap) {
				c.n = word(&c, 8);
				c.orig = word(&c, 12);
				c.trans = word(&c, 16);
				catalogs = xrealloc(catalogs, (ncatalogs + 1) * sizeof *catalogs);
				catalogs[ncatalogs++] = c;
				c.data = NULL;
			}
		}
		free(c.data);
	}
	fclose(f);
}

/* Every LANG/LC_MESSAGES/adminflow.mo in the folder the screens' catalog
 * is bound to. */
static void load_all(void)
{
	const char *dir = bindtextdomain(PACKAGE, NULL);
	DIR *d;
	struct dirent *e;

	loaded = 1;
	if (!dir || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s/LC_MESSAGES/%s.mo", dir, e->d_name, PACKAGE);
		load_catalog(path);
		free(path);
	}
	closedir(d);
}

/* The translation of key in catalog c (originals are sorted), or NULL. */
static const char *lookup(const struct catalog *c, const char *key)
{
	uint32_t lo = 0, hi = c->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = entry(c, c->orig, mid);
		int cmp;

		if (!o)
			return NULL;
		cmp = strcmp(key, o);
		if (cmp == 0)
			return entry(c, c->trans, mid);
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int colnames_is(const char *cell, const char *english)
{
	static const char *const ctxs[] = { CTX, REPORT_CTX };

	if (!cell || !english)
		return 0;
	if (strcmp(cell, english) == 0)
		return 1;
	if (!loaded)
		load_all();
	for (size_t k = 0; k < sizeof ctxs / sizeof ctxs[0]; k++) {
		char key[128];

		if (strcmp(cell, i18n_ctx(ctxs[k], english)) == 0)
			return 1;
		if (snprintf(key, sizeof key, "%s\004%s", ctxs[k], english) >= (int)sizeof key)
			continue;
		for (size_t i = 0; i < ncatalogs; i++) {
			const char *t = lookup(&catalogs[i], key);

			if (t && *t && strcmp(cell, t) == 0)
				return 1;
		}
	}
	return 0;
}
