/* A first home screen; the full program (issue: the full-screen program)
 * grows from here. */
#include "autoconf.h"
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "db.h"
#include "tui/tui.h"

static void draw_home(void)
{
	int64_t employees = db_int(0, "SELECT count(*) FROM employees", "");
	int64_t rooms = db_int(0, "SELECT count(*) FROM rooms", "");
	int64_t low = db_int(0, "SELECT count(*) FROM supplies WHERE on_hand <= reorder_level", "");
	int64_t expiring = db_int(0, "SELECT count(*) FROM licences"
				  " WHERE expires_on <= date('now', '+' || remind_days || ' days')", "");

	erase();
	attron(A_REVERSE);
	mvprintw(0, 0, " adminflow  %s · %s", me.name, me.department);
	clrtoeol();
	attroff(A_REVERSE);
	mvprintw(2, 2, "员工 employees   %lld", (long long)employees);
	mvprintw(3, 2, "会议室 rooms     %lld", (long long)rooms);
	mvprintw(4, 2, "低库存 low stock %lld", (long long)low);
	mvprintw(5, 2, "证照到期 licences due %lld", (long long)expiring);
	attron(A_REVERSE);
	mvprintw(LINES - 1, 0, " q quit  db %s", db_journal_mode());
	clrtoeol();
	attroff(A_REVERSE);
	refresh();
}

af_status tui_main(void)
{
	int ch;

	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	draw_home();
	while ((ch = getch()) != 'q' && ch != 'Q') {
		if (ch == KEY_RESIZE)
			draw_home();
	}
	endwin();
	return AF_OK;
}
