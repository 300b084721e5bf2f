/* Unit tests for the notices' words (notice_text.h): each stored form, as
 * its writer formats it, reads back through the same words into the text a
 * screen shows; pieces holding spaces, colons and Chinese come back whole;
 * a text in none of the words (a notice kept before them) is shown as it
 * was stored. In the C locale the screen's words are the English ones. As
 * TAP. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "notice_text.h"
#include "tap.h"

static void reads(const char *stored, const char *want, const char *what)
{
	char *got = notify_text_shown(stored);

	ok(strcmp(got, want) == 0, "%s: '%s' shown as '%s'", what, stored, got);
	free(got);
}

#define CASE(want, what, fmt, ...) do { \
	char buf[512]; \
	snprintf(buf, sizeof buf, fmt, __VA_ARGS__); \
	reads(buf, want, what); \
} while (0)

int main(void)
{
	setlocale(LC_ALL, "C");
	CASE("to do: LY-20261205-0001 办公用品领用 (supplies)", "a to-do", NT_TODO, "LY-20261205-0001", "办公用品领用",
	     "supplies");
	CASE("to do: HYS-1 会议室 预订 (room_booking), for 陈明", "a to-do for someone", NT_TODO_FOR, "HYS-1",
	     "会议室 预订", "room_booking", "陈明");
	CASE("CC: BX-1 财务审核 approved", "a CC with its outcome", NT_CC_APPROVED, "BX-1", "财务审核");
	CASE("CC: BX-1 财务审核 rejected", "a CC rejected", NT_CC_REJECTED, "BX-1", "财务审核");
	CASE("CC: BX-1 费用报销", "a CC on submission", NT_CC, "BX-1", "费用报销");
	CASE("approved: BX-1 费用报销", "approved", NT_APPROVED, "BX-1", "费用报销");
	CASE("submitted for you by 刘洋: HYS-2 会议室预订", "made for you", NT_FOR_YOU, "刘洋", "HYS-2", "会议室预订");
	CASE("mentioned on BX-1 by 李四: @zhangsan 请看: 发票", "a mention", NT_MENTION, "BX-1", "李四",
	     "@zhangsan 请看: 发票");
	CASE("rejected: BX-1: 金额: 不符", "a rejection whose opinion holds a colon", NT_REJECTED, "BX-1", "金额: 不符");
	CASE("returned to applicant: BX-1: 请补充", "a return with why", NT_RETURNED_WHY, "applicant", "BX-1", "请补充");
	CASE("returned to applicant: BX-1", "a return without", NT_RETURNED, "applicant", "BX-1");
	CASE("cancelled: BX-1: 重复", "cancelled", NT_CANCELLED, "BX-1", "重复");
	CASE("transferred to you: BX-1: 你来", "transferred with why", NT_TRANSFERRED_WHY, "BX-1", "你来");
	CASE("transferred to you: BX-1", "transferred", NT_TRANSFERRED, "BX-1");
	CASE("comment on BX-1: 好", "a comment", NT_COMMENT, "BX-1", "好");
	CASE("withdrawn by the applicant: BX-1", "withdrawn", NT_WITHDRAWN, "BX-1");
	CASE("please act on BX-1: 急", "an urge with words", NT_URGE_WHY, "BX-1", "急");
	CASE("please act on BX-1", "an urge", NT_URGE, "BX-1");
	CASE("escalated to you: BX-1 财务审核 (overdue with heqing)", "escalated", NT_ESCALATED, "BX-1", "财务审核",
	     "heqing");
	CASE("overdue: BX-1 财务审核", "overdue", NT_OVERDUE, "BX-1", "财务审核");
	CASE("due soon: BX-1 财务审核", "due soon", NT_DUE_SOON, "BX-1", "财务审核");
	CASE("minutes filed: HW-1", "minutes", NT_MINUTES, "HW-1");
	CASE("meeting: HW-1 会议活动", "a meeting", NT_MEETING, "HW-1", "会议活动");
	CASE("booking asked: HYS-1 R201 2026-12-07 09:00 周例会 (series)", "a series asked for",
	     NT_BOOKING_ASKED_SERIES, "HYS-1", "R201", "2026-12-07 09:00", "周例会");
	CASE("booking asked: HYS-1 R201 2026-12-07 09:00 周例会", "a booking asked for", NT_BOOKING_ASKED, "HYS-1",
	     "R201", "2026-12-07 09:00", "周例会");
	CASE("booking changed: HYS-1 2026-12-14 09:00 cancelled: 元旦", "a date cancelled with why",
	     NT_BOOKING_CANCELLED_WHY, "HYS-1", "2026-12-14 09:00", "元旦");
	CASE("booking changed: HYS-1 2026-12-14 09:00 cancelled", "a date cancelled", NT_BOOKING_CANCELLED, "HYS-1",
	     "2026-12-14 09:00");
	CASE("booking changed: HYS-1 2026-12-14 09:00 moved to 2026-12-15 09:00: 改期", "a date moved with why",
	     NT_BOOKING_MOVED_WHY, "HYS-1", "2026-12-14 09:00", "2026-12-15 09:00", "改期");
	CASE("booking changed: HYS-1 2026-12-14 09:00 moved to 2026-12-15 09:00", "a date moved", NT_BOOKING_MOVED,
	     "HYS-1", "2026-12-14 09:00", "2026-12-15 09:00");
	CASE("starting soon: R201 2026-12-07 09:00-10:00 周例会", "starting soon", NT_STARTING_SOON,
	     "R201 2026-12-07 09:00-10:00 周例会");
	CASE("licence expired: 营业执照 (ZZ01) on 2026-12-01, 4 days ago", "a licence expired", NT_LICENCE_EXPIRED,
	     "营业执照", "ZZ01", "2026-12-01", "4");
	CASE("licence expiring: 营业执照 (ZZ01) on 2026-12-20, in 15 days", "a licence expiring", NT_LICENCE_EXPIRING,
	     "营业执照", "ZZ01", "2026-12-20", "15");
	CASE("asset overdue for return: 笔记本电脑 (FA-1) held by zhangsan, due back 2026-12-01, 4 days overdue",
	     "an asset overdue", NT_ASSET_OVERDUE, "笔记本电脑", "FA-1", "zhangsan", "2026-12-01", "4");
	CASE("asset due back today: 笔记本电脑 (FA-1) held by zhangsan", "an asset due today", NT_ASSET_TODAY,
	     "笔记本电脑", "FA-1", "zhangsan");
	CASE("vehicle service: 大众帕萨特 (V02) due at 15500 km, now 20000 km", "a service by km", NT_VEHICLE_SERVICE_KM,
	     "大众帕萨特", "V02", "15500", "20000");
	CASE("vehicle service: 奥迪A6L (V04) due 2026-12-01 (every 6 months, last 2026-06-01)", "a service by date",
	     NT_VEHICLE_SERVICE_DATE, "奥迪A6L", "V04", "2026-12-01", "6", "2026-06-01");
	CASE("vehicle insurance: 丰田考斯特 (V03) expired 2026-12-01", "insurance expired", NT_VEHICLE_INSURANCE_EXPIRED,
	     "丰田考斯特", "V03", "2026-12-01");
	CASE("vehicle insurance: 丰田考斯特 (V03) expires 2026-12-10", "insurance expiring", NT_VEHICLE_INSURANCE_EXPIRES,
	     "丰田考斯特", "V03", "2026-12-10");
	CASE("vehicle inspection: 丰田考斯特 (V03) expired 2026-12-01", "inspection expired",
	     NT_VEHICLE_INSPECTION_EXPIRED, "丰田考斯特", "V03", "2026-12-01");
	CASE("vehicle inspection: 丰田考斯特 (V03) expires 2026-12-10", "inspection expiring",
	     NT_VEHICLE_INSPECTION_EXPIRES, "丰田考斯特", "V03", "2026-12-10");
	reads("待办 to do: 旧的通知", "待办 to do: 旧的通知", "a text in none of the words");
	reads("", "", "an empty text");
	reads("\xff\xfe to do", "\xff\xfe to do", "bad UTF-8 comes back unchanged");
	return tap_done();
}
