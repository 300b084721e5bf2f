/* The calendar grid for rooms or vehicles: resources down, time across (a
 * day in half hours, or a week in two-hour blocks). Free, pending, booked
 * and mine are distinct; Enter on a free slot opens a booking form with the
 * resource and time filled in, on a booked one its request; I and N record
 * a check-in or a no-show for the booking under the cursor. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "booking.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

struct calendar {
	int vehicles;      /* 0 rooms, 1 vehicles */
	int week;          /* 0: one day in half hours; 1: seven days */
	char day[11];
	booking_grid g;
	int row, col, left;
};

static int slot_minutes(const struct calendar *c)
{
	return c->week ? 120 : 30;
}

static void calendar_load(struct screen *s)
{
	struct calendar *c = s->data;

	booking_grid_free(&c->g);
	if (booking_grid_load(c->vehicles ? "vehicle" : "room", c->day, c->week ? 7 : 1,
			      slot_minutes(c), me.id, &c->g) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg());
	if (c->row >= c->g.nres)
		c->row = c->g.nres ? c->g.nres - 1 : 0;
	if (c->col >= c->g.nslots)
		c->col = c->g.nslots ? c->g.nslots - 1 : 0;
}

static void calendar_draw(struct screen *s, int top, int h, int w)
{
	struct calendar *c = s->data;
	int label = w < 70 ? 6 : 12, y;
	int cw = w >= 70 && !c->week ? 2 : 1, cols = (w - label - 1) / cw;
	char head[256];
	/* TRANSLATORS: the calendar's legend; keep the dot and the letters:
	   they are what the grid shows. */
	const char *legend = _(". free  P pending  B booked  M mine");

	snprintf(head, sizeof head, "%s %s%s  %s", c->vehicles ? _("vehicles") : _("rooms"), c->day,
		 c->week ? " +7" : "", legend);
	ui_text(top, 0, head, w, ui_attr(R_HEADER), 1);
	if (c->col < c->left)
		c->left = c->col;
	if (c->col >= c->left + cols)
		c->left = c->col - cols + 1;
	/* Time ruler: the hour (or the day) where each begins. */
	move(top + 1, label + 1);
	for (int k = c->left; k < c->g.nslots && k < c->left + cols; k++) {
		const char *t = c->g.slot_start[k];
		int x = label + 1 + (k - c->left) * cw;
		char mark[8];

		if (!c->week && t[14] == '0' && t[15] == '0' && x + 2 <= w) {
			snprintf(mark, sizeof mark, "%.2s", t + 11);
			ui_text(top + 1, x, mark, 2, ui_attr(R_DIM), 0);
		} else if (c->week && strcmp(t + 11, "08:00:00") == 0 && x + 5 <= w) {
			snprintf(mark, sizeof mark, "%.5s", t + 5);
			ui_text(top + 1, x, mark, 5, ui_attr(R_DIM), 0);
		}
	}
	y = top + 2;
	for (int r = 0; r < c->g.nres && y < top + h - 1; r++, y++) {
		char name[160];

		snprintf(name, sizeof name, "%s %s", c->g.codes[r], c->g.names[r]);
		ui_text(y, 0, name, label, r == c->row ? ui_attr(R_CURSOR) : A_NORMAL, 1);
		for (int k = c->left; k < c->g.nslots && k < c->left + cols; k++) {
			char cell = c->g.cells[r * c->g.nslots + k], txt[3] = { cell, cw == 2 ? cell : 0, 0 };
			enum ui_role role = cell == 'P' ? R_MARKED : cell == 'B' ? R_OVERDUE :
					    cell == 'M' ? R_GOOD : R_DIM;
			attr_t a = ui_attr(role);

			if (r == c->row && k == c->col)
				a = ui_attr(R_CURSOR);
			ui_text(y, label + 1 + (k - c->left) * cw, txt, cw, a, 0);
		}
	}
	if (c->g.nres && c->g.nslots) {
		char *num = booking_grid_number(&c->g, c->row, c->col);
		char info[160];

		snprintf(info, sizeof info, "%s %s %s", c->g.codes[c->row], c->g.slot_start[c->col],
			 *num ? num : (c->g.cells[c->row * c->g.nslots + c->col] == '.' ? _("free") : ""));
		free(num);
		ui_text(top + h - 1, 0, info, w, ui_attr(R_DIM), 1);
	}
}

static void shift_day(struct calendar *c, int days)
{
	char *d = NULL;
	char when[32];

	snprintf(when, sizeof when, "%s", c->day);
	d = booking_add(when, days * 24 * 60);
	snprintf(c->day, sizeof c->day, "%.10s", d);
	free(d);
}

static int calendar_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct calendar *c = s->data;

	switch (a) {
	case UI_UP: if (c->row > 0) c->row--; return 1;
	case UI_DOWN: if (c->row < c->g.nres - 1) c->row++; return 1;
	case UI_LEFT: if (c->col > 0) c->col--; return 1;
	case UI_RIGHT: if (c->col < c->g.nslots - 1) c->col++; return 1;
	case UI_PGDN: shift_day(c, c->week ? 7 : 1); calendar_load(s); return 1;
	case UI_PGUP: shift_day(c, c->week ? -7 : -1); calendar_load(s); return 1;
	case UI_NEXT:
		c->vehicles = !c->vehicles;
		c->row = 0;
		calendar_load(s);
		return 1;
	case UI_ENTER: {
		const char *names[2];
		const char *values[2];
		char range[64], end[20];

		if (!c->g.nres)
			return 1;
		if (c->g.cells[c->row * c->g.nslots + c->col] != '.') {
			/* A booked slot: its request, where the user may see it. */
			char *num = booking_grid_number(&c->g, c->row, c->col);

			if (*num)
				detail_open(num);
			else
				ui_message(R_ERROR, "%s", _("taken: choose a free slot"));
			free(num);
			return 1;
		}
		{
			char *e = booking_add(c->g.slot_start[c->col], slot_minutes(c));

			snprintf(end, sizeof end, "%s", e);
			free(e);
		}
		snprintf(range, sizeof range, "%.16s/%.5s", c->g.slot_start[c->col], end + 11);
		names[0] = c->vehicles ? "vehicle" : "room";
		values[0] = c->g.codes[c->row];
		names[1] = "time";
		values[1] = range;
		form_open_with(c->vehicles ? "vehicle" : "room_booking", names, values, 2);
		return 1;
	}
	case UI_CHECKIN:
	case UI_NOSHOW: {
		char *num = c->g.nres && c->g.nslots ? booking_grid_number(&c->g, c->row, c->col) : xstrdup("");
		char day[11];
		af_status st;

		if (!*num) {
			ui_message(R_ERROR, "%s", _("no booking here"));
			free(num);
			return 1;
		}
		snprintf(day, sizeof day, "%.10s", c->g.slot_start[c->col]);
		ui_waiting();
		st = booking_attend(num, a == UI_CHECKIN, day);
		if (st == AF_OK)
			ui_message(R_GOOD, a == UI_CHECKIN ? _("%s: checked in") : _("%s: recorded as a no-show"), num);
		else
			ui_message(R_ERROR, "%s", af_errmsg());
		free(num);
		calendar_load(s);
		return 1;
	}
	case UI_VIEW:
		{
			c->week = !c->week;
			c->col = 0;
			c->left = 0;
			calendar_load(s);
			return 1;
		}
	case UI_CALENDAR:
		return 1;
	default:
		(void)ch;
		return 0;
	}
}

static void calendar_done(struct screen *s)
{
	struct calendar *c = s->data;

	booking_grid_free(&c->g);
	free(c);
}

static const enum ui_action calendar_hints[] = { UI_ENTER, UI_NEXT, UI_VIEW, UI_PGDN, UI_CHECKIN, UI_NOSHOW,
						   UI_QUIT, UI_NONE };
static const struct screen_ops calendar_ops = {
	N_("calendar"), calendar_load, calendar_draw, calendar_handle, calendar_done, calendar_hints,
};

void calendar_open(int vehicles)
{
	struct calendar *c = xcalloc(1, sizeof *c);
	char today[32];

	tz_format_local(af_now(), today, sizeof today); /* the company's clock, as the slots */
	snprintf(c->day, sizeof c->day, "%.10s", today);
	c->vehicles = vehicles;
	/* Start at the current half hour when today is in view. */
	ui_push(&calendar_ops, c);
	for (int k = 0; k < c->g.nslots; k++)
		if (strncmp(c->g.slot_start[k], today, 16) <= 0)
			c->col = k;
}
