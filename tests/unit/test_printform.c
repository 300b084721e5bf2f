/* Chinese capital numerals (大写) for money on the printed approval form,
 * as Chinese finance forms write them. */
#include <string.h>
#include "printform.h"
#include "tap.h"

static void is(long long cents, const char *want)
{
	char buf[256];

	printform_capital(cents, buf, sizeof buf);
	ok(strcmp(buf, want) == 0, "%lld cents: %s (got %s)", cents, want, buf);
}

int main(void)
{
	is(0, "零元整");
	is(5, "伍分");
	is(50, "伍角");
	is(100, "壹元整");
	is(1000, "壹拾元整");
	is(10100, "壹佰零壹元整");
	is(101000, "壹仟零壹拾元整");
	is(600050, "陆仟元伍角");
	is(100407, "壹仟零肆元零柒分");
	is(10000000, "壹拾万元整");
	is(10100000, "壹拾万壹仟元整");
	is(10000000100LL, "壹亿零壹元整");
	is(10005000000LL, "壹亿零伍万元整");
	is(12345678912LL, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分");
	is(-1250, "负壹拾贰元伍角");
	return tap_done();
}
