/* Status codes shared by every layer: one X-macro gives the enum, the exit
 * status DESIGN.md promises, and a short name. */
#ifndef AF_STATUS_H
#define AF_STATUS_H

#define AF_STATUS_INFO(_) \
	_(OK,       0, "ok") \
	_(ERROR,    1, "error") \
	_(USAGE,    2, "usage") \
	_(INVALID,  3, "invalid input") \
	_(DENIED,   4, "not permitted") \
	_(CONFLICT, 5, "conflict") \
	_(BUSY,     6, "database unavailable")

typedef enum {
#define AF_STATUS_ENUM(name, code, text) AF_##name,
	AF_STATUS_INFO(AF_STATUS_ENUM)
#undef AF_STATUS_ENUM
} af_status;

/* The process exit status for st. */
int af_exit_code(af_status st);
/* A short fixed name for st ("conflict"). */
const char *af_status_name(af_status st);
/* Records "WHAT: WHY" for the latest failure and returns st, so a callee can
 * `return af_fail(AF_INVALID, "amount: must not be negative")`. */
af_status af_fail(af_status st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A refusal about one field of a form, made once: af_errmsg() reads
 * "field FIELD: WHY" as the command line always printed it;
 * af_errmsg_shown() the same translated, and a screen that knows the form
 * names the field by its label in its language (af_err_field,
 * af_err_reason_shown). fmt is the reason alone ("must not be negative"). */
af_status af_fail_field(af_status st, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The latest refusal, made about a place inside a field (a cell of a
 * table: its English place already in af_errmsg()), is shown as about
 * field, at the place fmt says in the language of messages ("row %d, %s"
 * with the column's label). Nothing when it is about no field. */
void af_err_within(const char *field, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The field (its name in the form) the latest refusal is about, or NULL
 * when it is about none. Owned here. */
const char *af_err_field(void);
/* The latest refusal's reason in the language of messages, without the
 * field's name; the whole shown message when it is about no field. */
const char *af_err_reason_shown(void);
/* The message of the latest af_fail (empty when none); owned here. */
const char *af_errmsg(void);
/* The latest message in the language of messages, as the screens show it:
 * af_fail's format is looked up in the catalog where it is produced (the
 * command line keeps af_errmsg, in English, for scripts); the English one
 * when there is no translation. Owned here. */
const char *af_errmsg_shown(void);
/* A warning (not a refusal) said once in both languages: en in the
 * command line's English, shown in the language of messages with numbers
 * as the screens write them. Either may be what a face prints. */
typedef struct {
	char en[512];
	char shown[768];
} af_said;

/* Forgets the latest message. */
void af_clear_error(void);

#endif
