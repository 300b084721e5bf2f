/* The words of the notices, as they are stored and mailed: each in Chinese
 * then English, in one line, so that a notice mailed or read by a script
 * says it whole. Every writer formats one of these (only %s, so that each
 * reads back by text_match); notify_text_shown reads a stored text back
 * through the same words and says it in the language of messages. */
#ifndef AF_NOTICE_TEXT_H
#define AF_NOTICE_TEXT_H

#define NT_TODO "待办 to do: %s %s (%s)"
#define NT_TODO_FOR "待办 to do: %s %s (%s), for %s"
#define NT_CC "抄送 cc: %s %s"
#define NT_CC_APPROVED "抄送 cc: %s %s 已同意 approved"
#define NT_CC_REJECTED "抄送 cc: %s %s 已驳回 rejected"
#define NT_APPROVED "已通过 approved: %s %s"
#define NT_FOR_YOU "代为提交 submitted for you by %s: %s %s"
#define NT_MENTION "提及 mentioned on %s by %s: %s"
#define NT_REJECTED "已驳回 rejected: %s: %s"
#define NT_RETURNED "已退回 returned to %s: %s"
#define NT_RETURNED_WHY "已退回 returned to %s: %s: %s"
#define NT_CANCELLED "已取消 cancelled: %s: %s"
#define NT_TRANSFERRED "转交 transferred to you: %s"
#define NT_TRANSFERRED_WHY "转交 transferred to you: %s: %s"
#define NT_COMMENT "评论 comment on %s: %s"
#define NT_WITHDRAWN "已撤回 withdrawn by the applicant: %s"
#define NT_URGE "催办 please act on %s"
#define NT_URGE_WHY "催办 please act on %s: %s"
#define NT_ESCALATED "逾期升级 escalated to you: %s %s (overdue with %s)"
#define NT_OVERDUE "已逾期 overdue: %s %s"
#define NT_DUE_SOON "即将到期 due soon: %s %s"
#define NT_MINUTES "会议纪要 minutes filed: %s"
#define NT_MEETING "会议通知 meeting: %s %s"
#define NT_BOOKING_ASKED "预订申请 booking asked: %s %s %s %s"
#define NT_BOOKING_ASKED_SERIES "预订申请 booking asked: %s %s %s %s (series)"
#define NT_BOOKING_CANCELLED "预订变更 booking changed: %s %s cancelled"
#define NT_BOOKING_CANCELLED_WHY "预订变更 booking changed: %s %s cancelled: %s"
#define NT_BOOKING_MOVED "预订变更 booking changed: %s %s moved to %s"
#define NT_BOOKING_MOVED_WHY "预订变更 booking changed: %s %s moved to %s: %s"
#define NT_STARTING_SOON "即将开始 starting soon: %s"
#define NT_LICENCE_EXPIRED "证照到期 licence expired: %s (%s) expired %s, %s days ago"
#define NT_LICENCE_EXPIRING "证照到期 licence expiring: %s (%s) expires %s, in %s days"
#define NT_ASSET_OVERDUE "资产到期归还 asset overdue for return: %s (%s) held by %s, due back %s, %s days overdue"
#define NT_ASSET_TODAY "资产到期归还 asset due back today: %s (%s) held by %s, due back today"
/* A vehicle's reminders: the detail alone is what `remind` prints. */
#define NT_VEHICLE_SERVICE_KM_DETAIL "service due at %s km, now %s km"
#define NT_VEHICLE_SERVICE_KM "车辆提醒 vehicle service: %s (%s) " NT_VEHICLE_SERVICE_KM_DETAIL
#define NT_VEHICLE_SERVICE_DATE_DETAIL "service due %s (every %s months, last %s)"
#define NT_VEHICLE_SERVICE_DATE "车辆提醒 vehicle service: %s (%s) " NT_VEHICLE_SERVICE_DATE_DETAIL
#define NT_VEHICLE_INSURANCE_EXPIRED_DETAIL "insurance expired %s"
#define NT_VEHICLE_INSURANCE_EXPIRED "车辆提醒 vehicle insurance: %s (%s) " NT_VEHICLE_INSURANCE_EXPIRED_DETAIL
#define NT_VEHICLE_INSURANCE_EXPIRES_DETAIL "insurance expires %s"
#define NT_VEHICLE_INSURANCE_EXPIRES "车辆提醒 vehicle insurance: %s (%s) " NT_VEHICLE_INSURANCE_EXPIRES_DETAIL
#define NT_VEHICLE_INSPECTION_EXPIRED_DETAIL "inspection expired %s"
#define NT_VEHICLE_INSPECTION_EXPIRED "车辆提醒 vehicle inspection: %s (%s) " NT_VEHICLE_INSPECTION_EXPIRED_DETAIL
#define NT_VEHICLE_INSPECTION_EXPIRES_DETAIL "inspection expires %s"
#define NT_VEHICLE_INSPECTION_EXPIRES "车辆提醒 vehicle inspection: %s (%s) " NT_VEHICLE_INSPECTION_EXPIRES_DETAIL

/* A stored notice's text in the language of messages: a new string (the
 * stored text itself when it is none of the words above, as notices made
 * before these words were kept). */
char *notify_text_shown(const char *text);

#endif
