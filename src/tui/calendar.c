/* The calendar grid for rooms or vehicles: resources down, time across (a
 * day in half hours, or a week in two-hour blocks), the weekday in the
 * header, today (. or Ctrl-G) and any date (: or g) a key away. Free,
 * pending, booked, mine and mine-pending are distinct; the room under the
 * cursor shows its capacity and equipment. Space starts a selection and the
 * arrows (or Shift-arrows, < and >) widen it over several slots, its free
 * slots drawn as '=' at every width; Enter on a
 * free selection opens a booking form with the resource and the whole time
 * filled in, on a booked slot its request; a selection over a taken slot
 * says which request has it, in a line that fits 60 columns. I and N record
 * a check-in or a no-show for the booking under the cursor. */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "booking.h"
#include "formdef.h"
#include "i18n.h"
#include "tui/ui.h"
#include "util.h"

struct calendar {
	int vehicles;      /* 0 rooms, 1 vehicles */
	int week;          /* 0: one day in half hours; 1: seven days */
	char day[11];
	booking_grid g;
	int row, col, left;
	int anchor;        /* the other end of the selection, or -1 */
	char note[160];    /* a refusal for the info line, until the next move */
};

/* The weekday of "YYYY-MM-DD" in the reader's language (Sakamoto's
 * method: no time zone is involved in a date's weekday). */
static const char *weekday(const char *day)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	static const char *const names[] = { N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					     N_("Fri"), N_("Sat") };
	int y, m, d;

	if (sscanf(day, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return "";
	y -= m < 3;
	return _(names[(y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7]);
}

/* Today's date on the company's clock, as the slots are. */
static void today_text(char *buf, size_t len)
{
	char now[32];

	tz_format_local(af_now(), now, sizeof now);
	snprintf(buf, len, "%.10s", now);
}

/* The selected slots, first and last (the cursor's alone without one). */
static void selection(const struct calendar *c, int *a, int *b)
{
	*a = c->anchor >= 0 && c->anchor < c->col ? c->anchor : c->col;
	*b = c->anchor >= 0 && c->anchor > c->col ? c->anchor : c->col;
}

static int slot_minutes(const struct calendar *c)
{
	return c->week ? 120 : 30;
}

static void reload(struct calendar *c)
{
	booking_grid_free(&c->g);
	if (booking_grid_load(c->vehicles ? "vehicle" : "room", c->day, c->week ? 7 : 1,
			      slot_minutes(c), me.id, &c->g) != AF_OK)
		ui_message(R_ERROR, "%s", af_errmsg_shown());
	if (c->row >= c->g.nres)
		c->row = c->g.nres ? c->g.nres - 1 : 0;
	if (c->col >= c->g.nslots)
		c->col = c->g.nslots ? c->g.nslots - 1 : 0;
}

static void calendar_load(struct screen *s)
{
	reload(s->data);
}

static void calendar_draw(struct screen *s, int top, int h, int w)
{
	struct calendar *c = s->data;
	int label = w < 70 ? 6 : 12, y, a, b;
	int cw = w >= 70 && !c->week ? 2 : 1, cols = (w - label - 1) / cw;
	char head[256], today[11];
	/* TRANSLATORS: the calendar's legend; keep the dot and the letters:
	   they are what the grid shows. */
	const char *legend = _(". free  P pending  B booked  M mine  m mine, pending");

	today_text(today, sizeof today);
	snprintf(head, sizeof head, "%s %s %s%s%s", c->vehicles ? _("vehicles") : _("rooms"), c->day,
		 weekday(c->day), c->week ? " +7" : "", strcmp(c->day, today) == 0 ? _(" · today") : "");
	ui_text(top, 0, head, w, ui_attr(R_HEADER), 1);
	selection(c, &a, &b);
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
	for (int r = 0; r < c->g.nres && y < top + h - 3; r++, y++) {
		char name[160];

		snprintf(name, sizeof name, "%s %s", c->g.codes[r], c->g.names[r]);
		ui_text(y, 0, name, label, r == c->row ? ui_attr(R_CURSOR) : A_NORMAL, 1);
		for (int k = c->left; k < c->g.nslots && k < c->left + cols; k++) {
			char cell = c->g.cells[r * c->g.nslots + k], txt[3] = { cell, cw == 2 ? cell : 0, 0 };
			enum ui_role role = cell == 'P' ? R_MARKED : cell == 'B' ? R_OVERDUE :
					    cell == 'M' || cell == 'm' ? R_GOOD : R_DIM;
			attr_t at = ui_attr(role);

			if (cell == 'm') /* mine, still pending: not yet what mine confirmed looks like */
				at = (at & ~A_BOLD) | A_UNDERLINE;
			else if (cell == 'M')
				at |= A_BOLD;
			/* The selection is marked in the text too (a free slot as
			 * '='), not by colour alone: a one-column cell at 60
			 * columns, a monochrome or screen-reading terminal, and
			 * a capture of the screen all show it. */
			if (r == c->row && k >= a && k <= b) {
				at = ui_attr(R_CURSOR);
				if (cell == '.')
					txt[0] = '=', txt[1] = cw == 2 ? '=' : 0;
			}
			ui_text(y, label + 1 + (k - c->left) * cw, txt, cw, at, 0);
		}
	}
	ui_text(top + h - 3, 0, legend, w, ui_attr(R_DIM), 1);
	if (c->g.nres && c->g.nslots) {
		char *num = booking_grid_number(&c->g, c->row, c->col), about[320], info[320];
		char *end = booking_add(c->g.slot_start[b], slot_minutes(c));

		/* TRANSLATORS: a room's capacity, then its equipment. */
		snprintf(about, sizeof about, c->vehicles ? _("%s %s · %d seats · %s") : _("%s %s · %d people · %s"),
			 c->g.codes[c->row], c->g.names[c->row], c->g.capacity[c->row], c->g.about[c->row]);
		ui_text(top + h - 2, 0, about, w, A_NORMAL, 1);
		if (c->note[0])
			snprintf(info, sizeof info, "%s", c->note);
		else
			snprintf(info, sizeof info, "%.5s %.5s-%.5s %s", c->g.slot_start[a] + 5, c->g.slot_start[a] + 11,
				 strncmp(end, c->g.slot_start[a], 10) == 0 ? end + 11 : end + 5,
				 *num ? num : (c->g.cells[c->row * c->g.nslots + c->col] == '.' ?
					       (a < b ? _("free: Enter books it all") : _("free")) : ""));
		free(end);
		free(num);
		ui_text(top + h - 1, 0, info, w, c->note[0] ? ui_attr(R_ERROR) : ui_attr(R_DIM), 1);
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

/* Opens the booking form for the selection, or says why not. */
static void book(struct calendar *c)
{
	const char *names[2], *values[2];
	const form_def *f;
	char range[64];
	int a, b;

	selection(c, &a, &b);
	for (int k = a; k <= b; k++)
		if (c->g.cells[c->row * c->g.nslots + k] != '.') {
			char *num = booking_grid_number(&c->g, c->row, k);

			if (a == b && *num) {
				/* A booked slot alone: its request, where the user may see it. */
				detail_open(num);
			} else {
				/* TRANSLATORS: short enough for a phone's 60 columns:
				 * room, the slot taken, who has it. */
				snprintf(c->note, sizeof c->note, _("%s %.5s taken: %s"), c->g.codes[c->row],
					 c->g.slot_start[k] + 11, *num ? num : _("by another booking"));
			}
			free(num);
			return;
		}
	{
		char *end = booking_add(c->g.slot_start[b], slot_minutes(c));

		if (strncmp(end, c->g.slot_start[a], 10) == 0)
			snprintf(range, sizeof range, "%.16s/%.5s", c->g.slot_start[a], end + 11);
		else
			snprintf(range, sizeof range, "%.16s/%.16s", c->g.slot_start[a], end);
		free(end);
	}
	/* The form that books this kind of resource says so (serves), and
	 * its fields are found by type: no form id or field name here. */
	f = formdef_serving(c->vehicles ? "vehicle_booking" : "room_booking");
	c->anchor = -1;
	if (!f) {
		ui_message(R_ERROR, _("no form serves %s"), c->vehicles ? "vehicle_booking" : "room_booking");
		return;
	}
	names[0] = formdef_field_of_type(f, c->vehicles ? FT_VEHICLE : FT_ROOM);
	values[0] = c->g.codes[c->row];
	names[1] = formdef_field_of_type(f, FT_TIMERANGE);
	values[1] = range;
	form_open_with(f->id, names, values, 2);
}

static void go_to(struct calendar *c, const char *day)
{
	char today[11];

	snprintf(c->day, sizeof c->day, "%.10s", day);
	c->anchor = -1;
	c->col = 0;
	c->left = 0;
	reload(c);
	today_text(today, sizeof today);
	if (strcmp(c->day, today) == 0) { /* the current slot */
		char now[32];

		tz_format_local(af_now(), now, sizeof now);
		for (int k = 0; k < c->g.nslots; k++)
			if (strncmp(c->g.slot_start[k], now, 16) <= 0)
				c->col = k;
	}
}

static int calendar_handle(struct screen *s, enum ui_action a, wint_t ch)
{
	struct calendar *c = s->data;

	c->note[0] = '\0';
	switch (a) {
	case UI_UP: if (c->row > 0) c->row--; c->anchor = -1; return 1;
	case UI_DOWN: if (c->row < c->g.nres - 1) c->row++; c->anchor = -1; return 1;
	case UI_SEL_LEFT:
	case UI_SEL_RIGHT:
		if (c->anchor < 0)
			c->anchor = c->col;
		/* fall through */
	case UI_LEFT:
	case UI_RIGHT:
		if ((a == UI_LEFT || a == UI_SEL_LEFT) && c->col > 0)
			c->col--;
		else if ((a == UI_RIGHT || a == UI_SEL_RIGHT) && c->col < c->g.nslots - 1)
			c->col++;
		return 1;
	case UI_MARK: /* the selection starts here, or is let go */
		c->anchor = c->anchor >= 0 ? -1 : c->col;
		return 1;
	case UI_BACK:
		if (c->anchor < 0)
			return 0;
		c->anchor = -1;
		return 1;
	case UI_PGDN: shift_day(c, c->week ? 7 : 1); c->anchor = -1; calendar_load(s); return 1;
	case UI_PGUP: shift_day(c, c->week ? -7 : -1); c->anchor = -1; calendar_load(s); return 1;
	case UI_TODAY: {
		char today[11];

		today_text(today, sizeof today);
		go_to(c, today);
		return 1;
	}
	case UI_TOP:
	case UI_GOTODATE: {
		char *d = ui_pick_date(_("go to"), c->day);

		if (d)
			go_to(c, d);
		free(d);
		return 1;
	}
	case UI_NEXT:
		c->vehicles = !c->vehicles;
		c->row = 0;
		c->anchor = -1;
		calendar_load(s);
		return 1;
	case UI_ENTER:
		if (c->g.nres && c->g.nslots)
			book(c);
		return 1;
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
			ui_message(R_ERROR, "%s", af_errmsg_shown());
		free(num);
		calendar_load(s);
		return 1;
	}
	case UI_VIEW:
		c->week = !c->week;
		c->col = 0;
		c->left = 0;
		c->anchor = -1;
		calendar_load(s);
		return 1;
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

static const enum ui_action calendar_hints[] = { UI_ENTER, UI_MARK, UI_NEXT, UI_VIEW, UI_TODAY, UI_GOTODATE,
						   UI_PGDN, UI_CHECKIN, UI_NOSHOW, UI_QUIT, UI_NONE };
static const struct screen_ops calendar_ops = {
	N_("calendar"), calendar_load, calendar_draw, calendar_handle, calendar_done, calendar_hints, NULL
};

void calendar_open(int vehicles)
{
	struct calendar *c = xcalloc(1, sizeof *c);
	char today[11];

	today_text(today, sizeof today);
	snprintf(c->day, sizeof c->day, "%s", today);
	c->vehicles = vehicles;
	c->anchor = -1;
	ui_push(&calendar_ops, c);
	/* Start at the current half hour. */
	go_to(c, today);
}
