/* The line editor every typed value goes through: the form's fields and
 * the prompts. A wide-character buffer with a cursor, the keys every shell
 * knows (←/→, Home/End, ^A/^E, ^K, ^U, ^W, Backspace/Delete), pastes taken
 * as text, and drawing that counts display columns (张 takes two). */
#include "autoconf.h"
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"
#include "tui/ui_int.h"
#include "util.h"

static void reserve(ui_edit *e, int more)
{
	if (e->len + more + 1 <= e->cap)
		return;
	e->cap = (e->len + more + 1) * 2 + 16;
	e->buf = xrealloc(e->buf, (size_t)e->cap * sizeof *e->buf);
}

void ui_edit_set(ui_edit *e, const char *text)
{
	size_t n = text ? mbstowcs(NULL, text, 0) : 0;

	if (n == (size_t)-1)
		n = 0;
	e->len = 0;
	reserve(e, (int)n);
	if (n)
		mbstowcs(e->buf, text, n + 1);
	e->len = (int)n;
	e->buf[e->len] = 0;
	e->pos = e->len;
	e->scroll = 0;
}

char *ui_edit_text(const ui_edit *e)
{
	size_t cap = (size_t)e->len * MB_CUR_MAX + 1, len;
	char *out = xmalloc(cap);

	if (!e->len) {
		out[0] = '\0';
		return out;
	}
	len = wcstombs(out, e->buf, cap);
	out[len == (size_t)-1 ? 0 : len] = '\0';
	return out;
}

void ui_edit_free(ui_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

void ui_edit_insert(ui_edit *e, const wchar_t *s, size_t n)
{
	reserve(e, (int)n);
	for (size_t i = 0; i < n; i++) {
		wchar_t c = s[i];

		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue; /* CR LF is one line break */
		if (c == '\r')
			c = '\n';
		if (c == '\t' || (c == '\n' && !e->multiline))
			c = ' '; /* a one-line field takes a pasted line break as a space */
		else if (c != '\n' && (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)))
			continue; /* control characters are never text */
		if (e->maxlen > 0 && e->len >= e->maxlen)
			break;
		memmove(e->buf + e->pos + 1, e->buf + e->pos, (size_t)(e->len - e->pos) * sizeof *e->buf);
		e->buf[e->pos++] = c;
		e->len++;
	}
	e->buf[e->len] = 0;
}

static void cut(ui_edit *e, int from, int to)
{
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, (size_t)(e->len - to) * sizeof *e->buf);
	e->len -= to - from;
	e->buf[e->len] = 0;
	e->pos = from;
}

int ui_edit_key(ui_edit *e, int rc, wint_t ch)
{
	int start;

	reserve(e, 0);
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_LEFT: if (e->pos > 0) e->pos--; return UI_EDIT_MOVED;
		case KEY_RIGHT: if (e->pos < e->len) e->pos++; return UI_EDIT_MOVED;
		case KEY_HOME: e->pos = 0; return UI_EDIT_MOVED;
		case KEY_END: e->pos = e->len; return UI_EDIT_MOVED;
		case KEY_BACKSPACE:
			if (e->pos == 0)
				return UI_EDIT_MOVED;
			cut(e, e->pos - 1, e->pos);
			return UI_EDIT_CHANGED;
		case KEY_DC:
			if (e->pos == e->len)
				return UI_EDIT_MOVED;
			cut(e, e->pos, e->pos + 1);
			return UI_EDIT_CHANGED;
		case UI_KEY_PASTE: {
			const wchar_t *p = ui_paste_text();

			ui_edit_insert(e, p, wcslen(p));
			return UI_EDIT_CHANGED;
		}
		default:
			return UI_EDIT_NOT_MINE;
		}
	}
	if (rc != OK)
		return UI_EDIT_NOT_MINE;
	switch (ch) {
	case 1: e->pos = 0; return UI_EDIT_MOVED;          /* ^A */
	case 5: e->pos = e->len; return UI_EDIT_MOVED;     /* ^E */
	case 4:                                            /* ^D */
		if (e->pos == e->len)
			return UI_EDIT_MOVED;
		cut(e, e->pos, e->pos + 1);
		return UI_EDIT_CHANGED;
	case 11: /* ^K: to the end */
		if (e->pos == e->len)
			return UI_EDIT_MOVED;
		e->len = e->pos;
		e->buf[e->len] = 0;
		return UI_EDIT_CHANGED;
	case 21: /* ^U: to the start */
		if (e->pos == 0)
			return UI_EDIT_MOVED;
		cut(e, 0, e->pos);
		return UI_EDIT_CHANGED;
	case 23: /* ^W: the word before the cursor */
		start = e->pos;
		while (start > 0 && (e->buf[start - 1] == ' ' || e->buf[start - 1] == '\n'))
			start--;
		while (start > 0 && e->buf[start - 1] != ' ' && e->buf[start - 1] != '\n')
			start--;
		if (start == e->pos)
			return UI_EDIT_MOVED;
		cut(e, start, e->pos);
		return UI_EDIT_CHANGED;
	case 127: case 8:
		if (e->pos == 0)
			return UI_EDIT_MOVED;
		cut(e, e->pos - 1, e->pos);
		return UI_EDIT_CHANGED;
	case '\n':
		if (!e->multiline)
			return UI_EDIT_NOT_MINE;
		break;
	default:
		if (ch < 0x20 || ch == 0x7F)
			return UI_EDIT_NOT_MINE;
		break;
	}
	{
		wchar_t c = (wchar_t)ch;
		int before = e->len;

		ui_edit_insert(e, &c, 1);
		return e->len != before ? UI_EDIT_CHANGED : UI_EDIT_MOVED;
	}
}

/* The columns a character takes on screen: a line break shows as ↵. */
static int cols_of(wchar_t c)
{
	int w = c == '\n' ? 1 : wcwidth(c);

	return w < 0 ? 1 : w;
}

int ui_edit_draw(ui_edit *e, int y, int x, int cols, attr_t attr)
{
	int used = 0, cx;
	strbuf sb = {0};

	if (cols < 2)
		return x;
	reserve(e, 0);
	if (e->scroll > e->pos)
		e->scroll = e->pos;
	/* Scroll so that the cursor's column is inside, one column kept for it
	 * at the end. */
	for (;;) {
		int w = 0;

		for (int i = e->scroll; i < e->pos; i++)
			w += cols_of(e->buf[i]);
		if (w <= cols - 1 || e->scroll >= e->pos)
			break;
		e->scroll++;
	}
	cx = x;
	for (int i = e->scroll; i < e->pos; i++)
		cx += cols_of(e->buf[i]);
	for (int i = e->scroll; i < e->len; i++) {
		char mb[16];
		int k, w = cols_of(e->buf[i]);

		if (used + w > cols)
			break;
		if (e->buf[i] == '\n')
			sb_puts(&sb, "↵");
		else if ((k = wctomb(mb, e->buf[i])) > 0)
			sb_add(&sb, mb, (size_t)k);
		used += w;
	}
	ui_text(y, x, sb.buf ? sb.buf : "", cols, attr, 1);
	sb_free(&sb);
	ui_cursor_at(y, cx);
	return cx;
}
