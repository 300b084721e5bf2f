/* Unit tests for the display width of text (report_width), which aligns the
 * reports' columns: Chinese characters take two columns, combining marks
 * none, controls one (drawn as '?'), bad UTF-8 one a byte; the same under
 * a UTF-8 locale and under LANG=C. As TAP. */
#include <locale.h>
#include <stdlib.h>
#include "report.h"
#include "tap.h"

static void widths(const char *locale)
{
	ok(report_width("") == 0, "%s: empty text is 0 columns", locale);
	ok(report_width("abc") == 3, "%s: ASCII is a column a letter", locale);
	ok(report_width("张三") == 4, "%s: 张三 is 4 columns", locale);
	ok(report_width("市场部 MKT") == 10, "%s: mixed Chinese and ASCII add up", locale);
	ok(report_width("，。") == 4, "%s: full-width punctuation is 2 columns each", locale);
	ok(report_width("e\xCC\x81") == 1, "%s: a combining accent takes no column", locale);
	ok(report_width("a\tb") == 3, "%s: a tab counts one column (shown as '?')", locale);
	ok(report_width("\xFF\xFE") == 2, "%s: bad UTF-8 counts a column a byte", locale);
	ok(report_width("\xE5\xBC") == 2, "%s: a cut-off character counts a column a byte", locale);
}

int main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "zh_CN.UTF-8"))
		widths("UTF-8 locale");
	setlocale(LC_ALL, "C");
	widths("C locale");
	return tap_done();
}
