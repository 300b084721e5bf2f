#include "autoconf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "db.h"
#include "expr.h"
#include "formdef.h"
#include "i18n.h"
#include "printform.h"
#include "report.h"
#include "runcmd.h"
#include "util.h"
#include "views.h"

/* ---- Chinese capital numerals ------------------------------------------ */

char *printform_capital(int64_t cents, char *buf, size_t len)
{
	static const char *const digit[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };
	static const char *const unit[] = { "", "拾", "佰", "仟" };
	static const char *const section[] = { "", "万", "亿", "万亿" };
	strbuf sb = {0};
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	uint64_t yuan = v / 100;
	int jiao = (int)(v / 10 % 10), fen = (int)(v % 10);
	char digits[24];
	int n, pending = 0;

	if (cents < 0)
		sb_puts(&sb, "负");
	n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)yuan);
	if (yuan > 0) {
		for (int k = 0; k < n; k++) {
			int d = digits[k] - '0', pos = n - 1 - k;

			if (d == 0) {
				pending = 1;
			} else {
				if (pending)
					sb_puts(&sb, "零");
				pending = 0;
				sb_puts(&sb, digit[d]);
				sb_puts(&sb, unit[pos % 4]);
			}
			if (pos % 4 == 0 && pos > 0) {
				int any = 0;

				for (int j = k; j >= 0 && j > k - 4; j--)
					any |= digits[j] != '0';
				if (any && pos / 4 < 4) {
					sb_puts(&sb, section[pos / 4]);
					pending = 0; /* 壹拾万壹仟: no 零 after a section's unit */
				}
			}
		}
		sb_puts(&sb, "元");
	}
	if (jiao == 0 && fen == 0) {
		sb_puts(&sb, yuan ? "整" : "零元整");
	} else {
		if (jiao)
			sb_printf(&sb, "%s角", digit[jiao]);
		if (fen)
			sb_printf(&sb, "%s%s分", yuan && !jiao ? "零" : "", digit[fen]);
	}
	snprintf(buf, len, "%s", sb.buf ? sb.buf : "");
	sb_free(&sb);
	return buf;
}

/* ---- text in columns ---------------------------------------------------- */

struct doc {
	char **line;
	int n, cap;
};

static void add(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup("");
	va_end(ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->line = xrealloc(d->line, (size_t)d->cap * sizeof *d->line);
	}
	d->line[d->n++] = s;
}

/* The length in bytes of the UTF-8 character at s (1 for a broken one). */
static int char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	int n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

	for (int i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* s cut into pieces of at most w columns (at line breaks too), control
 * characters shown as '?'. *n pieces; caller frees each and the array. */
static char **wrap(const char *s, int w, int *n)
{
	char **out = NULL;
	strbuf cur = {0};
	int used = 0;

	*n = 0;
	if (w < 2)
		w = 2;
	for (const char *p = s ? s : ""; ; ) {
		int end = !*p, brk = *p == '\n';
		int len = end || brk ? 0 : char_len(p), cw = 0;
		char ch[8];

		if (!end && !brk) {
			memcpy(ch, p, (size_t)len);
			ch[len] = '\0';
			if ((unsigned char)ch[0] < 0x20 || ch[0] == 0x7f || (len == 1 && (unsigned char)ch[0] >= 0x80))
				strcpy(ch, "?"), len = 1;
			cw = report_width(ch);
		}
		if (end || brk || used + cw > w) {
			out = xrealloc(out, (size_t)(*n + 1) * sizeof *out);
			out[(*n)++] = cur.buf ? sb_take(&cur) : xstrdup("");
			used = 0;
			if (end)
				break;
			if (brk) {
				p++;
				continue;
			}
		}
		sb_puts(&cur, ch);
		used += cw;
		p += char_len(p) > 0 ? char_len(p) : 1;
	}
	sb_free(&cur);
	return out;
}

/* Appends s to sb padded to w columns (on the left when right). */
static void put_pad(strbuf *sb, const char *s, int w, int right)
{
	int gap = w - report_width(s);

	for (int i = 0; right && i < gap; i++)
		sb_add(sb, " ", 1);
	sb_puts(sb, s);
	for (int i = 0; !right && i < gap; i++)
		sb_add(sb, " ", 1);
}

/* Trailing blanks off (a padded last column leaves them). */
static char *rtrim(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* A table: each row's cells wrapped in their columns, side by side.
 * right: bit c right-aligns column c; rule: a line under the header. */
static void add_table(struct doc *d, int indent, int width, int nc, const char *const *head,
		      const char *const *cells, int nrows, unsigned right)
{
	int *w = xcalloc((size_t)nc, sizeof *w), total;

	for (int c = 0; c < nc; c++) {
		w[c] = report_width(head[c]);
		for (int r = 0; r < nrows; r++) {
			int x = report_width(cells[r * nc + c] ? cells[r * nc + c] : "");

			if (x > w[c])
				w[c] = x;
		}
		if (w[c] < 2)
			w[c] = 2;
	}
	/* Too wide: the widest column gives a column at a time. */
	for (;;) {
		int widest = 0;

		total = indent;
		for (int c = 0; c < nc; c++)
			total += w[c] + (c ? 2 : 0);
		if (total <= width)
			break;
		for (int c = 1; c < nc; c++)
			if (w[c] > w[widest])
				widest = c;
		if (w[widest] <= 4)
			break;
		w[widest]--;
	}
	for (int r = -1; r < nrows; r++) {
		char ***pieces = xcalloc((size_t)nc, sizeof *pieces);
		int *np = xcalloc((size_t)nc, sizeof *np), tall = 1;

		for (int c = 0; c < nc; c++) {
			pieces[c] = wrap(r < 0 ? head[c] : cells[r * nc + c], w[c], &np[c]);
			if (np[c] > tall)
				tall = np[c];
		}
		for (int k = 0; k < tall; k++) {
			strbuf sb = {0};

			for (int i = 0; i < indent; i++)
				sb_add(&sb, " ", 1);
			for (int c = 0; c < nc; c++) {
				if (c)
					sb_add(&sb, "  ", 2);
				put_pad(&sb, k < np[c] ? pieces[c][k] : "", w[c], (right >> c) & 1u);
			}
			add(d, "%s", rtrim(sb.buf ? sb.buf : ""));
			sb_free(&sb);
		}
		for (int c = 0; c < nc; c++) {
			for (int k = 0; k < np[c]; k++)
				free(pieces[c][k]);
			free(pieces[c]);
		}
		free(pieces);
		free(np);
		if (r < 0) {
			strbuf sb = {0};

			for (int i = 0; i < indent; i++)
				sb_add(&sb, " ", 1);
			for (int i = indent; i < total; i++)
				sb_add(&sb, "-", 1);
			add(d, "%s", sb.buf);
			sb_free(&sb);
		}
	}
	free(w);
}

/* "LABEL  value" with the value wrapped under itself. */
static void add_field(struct doc *d, int width, const char *label, const char *value)
{
	enum { LABEL_W = 16 };
	int n;
	char **v = wrap(value, width - LABEL_W - 2, &n);

	for (int k = 0; k < n; k++) {
		strbuf sb = {0};

		put_pad(&sb, k == 0 ? label : "", LABEL_W, 0);
		sb_add(&sb, "  ", 2);
		sb_puts(&sb, v[k]);
		add(d, "%s", rtrim(sb.buf));
		sb_free(&sb);
		free(v[k]);
	}
	free(v);
}

static void add_rule(struct doc *d, int width, char c)
{
	char *s = xmalloc((size_t)width + 1);

	memset(s, c, (size_t)width);
	s[width] = '\0';
	add(d, "%s", s);
	free(s);
}

static char *centred(const char *s, int width)
{
	strbuf sb = {0};
	int gap = (width - report_width(s)) / 2;

	for (int i = 0; i < gap; i++)
		sb_add(&sb, " ", 1);
	sb_puts(&sb, s);
	return sb_take(&sb);
}

/* ---- the form ------------------------------------------------------------ */

/* A lines field as a table with its totals, money totals in words too. */
static void add_grid(struct doc *d, int width, const form_def *f, const char *field, const char *label,
		     const char *raw)
{
	view_table g;
	const form_field *fd = formdef_field(f, field);
	unsigned right = 0;

	if (views_field_grid(f->id, field, raw, &g) != AF_OK) {
		add_field(d, width, label, raw);
		return;
	}
	add(d, "%s", label);
	for (int c = 0; fd && fd->type == FT_LINES && c < fd->n_columns && c < 32; c++)
		if (fd->columns[c].type == FT_MONEY || fd->columns[c].type == FT_INTEGER)
			right |= 1u << c;
	if (fd && fd->type == FT_SUPPLY_LINES)
		right = 1u << 2;
	{
		const char **h = xcalloc((size_t)g.ncols, sizeof *h);

		for (int c = 0; c < g.ncols; c++)
			h[c] = g.headers[c];
		add_table(d, 2, width, g.ncols, h, (const char *const *)g.cells, g.nrows, right);
		free(h);
	}
	/* The total of each money column, in words (the last row holds the
	 * totals when there are several rows, else the one row is all). */
	for (int c = 0; fd && fd->type == FT_LINES && c < fd->n_columns && g.nrows > 0; c++) {
		int64_t cents;
		char words[256];

		if (fd->columns[c].type != FT_MONEY ||
		    expr_parse_money(view_cell(&g, g.nrows - 1, c), &cents) != 0)
			continue;
		add(d, "  %s 合计大写 in words: %s", formdef_label(&fd->columns[c]),
		    printform_capital(cents, words, sizeof words));
	}
	view_table_free(&g);
}

static void add_body(struct doc *d, int width, const form_def *f, view_table *fields, view_table *timeline)
{
	/* applicant, state, submitted: the number is in every page's head */
	for (int r = 1; r < 4 && r < fields->nrows; r++)
		add_field(d, width, view_cell(fields, r, 0), view_cell(fields, r, 1));
	add_rule(d, width, '-');
	for (int r = 4; r < fields->nrows; r++) {
		const form_field *fd = f ? formdef_field(f, fields->keys[r]) : NULL;
		const char *label = view_cell(fields, r, 0), *value = view_cell(fields, r, 1);
		int masked = fields->flags[r] & VIEW_MASKED;

		if (fd && (fd->type == FT_LINES || fd->type == FT_SUPPLY_LINES) && !masked) {
			add_grid(d, width, f, fields->keys[r], label, value);
		} else if (fd && fd->type == FT_MONEY && !masked) {
			int64_t cents;
			char words[256], *both;

			if (expr_parse_money(value, &cents) == 0) {
				both = xasprintf("%s  大写 %s", value, printform_capital(cents, words, sizeof words));
				add_field(d, width, label, both);
				free(both);
			} else {
				add_field(d, width, label, value);
			}
		} else {
			add_field(d, width, label, value);
		}
	}
	add_rule(d, width, '-');
	add(d, "审批记录 Approvals");
	{
		/* step, by, action, opinion, time */
		const char *h[] = { timeline->headers[0], timeline->headers[1], timeline->headers[2],
				    timeline->headers[3], timeline->headers[4] };
		const char **cells = xcalloc((size_t)timeline->nrows * 5 + 1, sizeof *cells);

		for (int r = 0; r < timeline->nrows; r++)
			for (int c = 0; c < 5; c++)
				cells[r * 5 + c] = view_cell(timeline, r, c);
		for (int c = 0; c < 5; c++)
			h[c] = _(h[c]);
		add_table(d, 0, width, 5, h, cells, timeline->nrows, 0);
		free(cells);
	}
}

/* The pages: every page begins with the company, the title, the number
 * and the page count; the closing block (the last keep lines: hash and
 * signature) is never split. */
static void write_pages(FILE *out, struct doc *d, int keep, const char *company, const char *title,
			const char *number, int page_lines, int width)
{
	enum { HEAD = 5 };
	int per = page_lines - HEAD, pages = 1, used = 0;
	int *start = xcalloc((size_t)d->n + 2, sizeof *start);

	if (per < keep)
		per = keep;
	for (int i = 0; i < d->n; ) {
		int need = i == d->n - keep ? keep : 1;

		if (used + need > per && used > 0) {
			start[pages++] = i;
			used = 0;
		}
		used += need;
		i += need;
	}
	start[pages] = d->n;
	for (int page = 0; page < pages; page++) {
		char *c = centred(company, width), *t = centred(title, width), pg[64];
		strbuf sb = {0};

		if (page > 0)
			fputc('\f', out);
		snprintf(pg, sizeof pg, "第 %d/%d 页 page %d/%d", page + 1, pages, page + 1, pages);
		fprintf(out, "%s\n%s\n", rtrim(c), rtrim(t));
		sb_printf(&sb, "单号 No. %s", number);
		put_pad(&sb, pg, width - report_width(sb.buf), 1);
		fprintf(out, "%s\n", sb.buf);
		sb_free(&sb);
		free(c);
		free(t);
		for (int i = 0; i < width; i++)
			fputc('=', out);
		fputs("\n\n", out);
		for (int i = start[page]; i < start[page + 1]; i++)
			fprintf(out, "%s\n", d->line[i]);
	}
	free(start);
}

af_status printform_write(const char *number, FILE *out, int page_lines, int width)
{
	view_table fields, timeline;
	struct doc d = {0};
	const form_def *f;
	char *form, *title, *hash, *last;
	int keep;
	af_status st = views_request(number, &fields, &timeline);

	if (st != AF_OK) {
		view_table_free(&fields);
		view_table_free(&timeline);
		return st;
	}
	form = db_text("", "SELECT form FROM requests WHERE number = ?1", "t", number);
	f = formdef_find(form);
	title = xasprintf("%s 审批单 Approval form", f ? formdef_title(f) : form);
	add_body(&d, width, f, &fields, &timeline);
	/* The closing block: the last action's place in the audit chain, so a
	 * paper copy can be checked against the file (audit verify). */
	hash = db_text("", "SELECT hash FROM audit WHERE object = ?1 ORDER BY id DESC LIMIT 1", "t", number);
	last = db_text("", "SELECT action || ' ' || at FROM audit WHERE object = ?1 ORDER BY id DESC LIMIT 1",
		       "t", number);
	keep = d.n;
	add_rule(&d, width, '-');
	add(&d, "审计 audit: %s", *last ? last : "-");
	add(&d, "  %s", *hash ? hash : "-");
	add(&d, "%s", "");
	add(&d, "经办人签字 signed: ________________    日期 date: ____________");
	keep = d.n - keep;
	write_pages(out, &d, keep, cfg.company[0] ? cfg.company : "", title, number, page_lines, width);
	for (int i = 0; i < d.n; i++)
		free(d.line[i]);
	free(d.line);
	free(form);
	free(title);
	free(hash);
	free(last);
	view_table_free(&fields);
	view_table_free(&timeline);
	return ferror(out) ? af_fail(AF_ERROR, "print: write failed") : AF_OK;
}

af_status printform_pipe(af_status (*write)(void *ctx, FILE *out), void *ctx)
{
	char *text = NULL, why[160];
	size_t len = 0;
	FILE *mem;
	af_status st;

	if (!cfg.print_command[0])
		return af_fail(AF_USAGE, "print: no print_command configured");
	if (!(mem = open_memstream(&text, &len)))
		return af_fail(AF_ERROR, "print: out of memory");
	st = write(ctx, mem);
	if (fclose(mem) != 0 && st == AF_OK)
		st = af_fail(AF_ERROR, "print: out of memory");
	if (st == AF_OK && runcmd_pipe(cfg.print_command, text, len, NULL, RUNCMD_TIMEOUT_MS, NULL, why, sizeof why) != 0)
		st = af_fail(AF_ERROR, "print: %s: %s", cfg.print_command, why);
	free(text);
	return st;
}

static af_status write_form(void *ctx, FILE *out)
{
	return printform_write(ctx, out, PRINTFORM_LINES, PRINTFORM_WIDTH);
}

af_status printform_send(const char *number)
{
	return printform_pipe(write_form, (void *)number);
}
