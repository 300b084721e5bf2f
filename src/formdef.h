/* Forms and processes as data: forms/NAME.conf (libconfig), one affair a file,
 * documented in adminflow-forms(5). Loading validates everything so that
 * the engine never meets a bad definition. */
#ifndef AF_FORMDEF_H
#define AF_FORMDEF_H

#include <stdint.h>
#include <stdio.h>
#include "expr.h"
#include "status.h"

typedef enum {
	FT_TEXT, FT_LONGTEXT, FT_INTEGER, FT_MONEY, FT_DATE, FT_DATETIME,
	FT_TIMERANGE, FT_CHOICE, FT_MULTICHOICE, FT_EMPLOYEE, FT_DEPARTMENT,
	FT_ROOM, FT_VEHICLE, FT_SPACE, FT_SUPPLY_LINES, FT_ASSET, FT_SUPPLIER,
	FT_SEAL, FT_ATTACHMENT, FT_REQUEST, FT_LINES, FT_LICENCE,
} field_type;

typedef struct form_field {
	char *name;          /* identifier: letters, digits, _ */
	char *label;         /* any language */
	char *label_en;      /* English, shown when the messages are not Chinese; or NULL */
	char *help;
	field_type type;
	int required;
	int sensitive;       /* masked for those without see_sensitive */
	char *def;           /* default value as text, or NULL */
	int has_min, has_max;
	int64_t min, max;    /* integer: the value; money: cents; date: unused */
	int max_length;      /* text: bytes; 0 = the global limit (4000) */
	char **options;      /* choice, multichoice: the values stored */
	int n_options;
	char **option_labels;    /* what each option reads as (any language), or NULL */
	char **option_labels_en; /* the same in English, or NULL */
	char *ref_form;      /* request: the form a referenced request must be of */
	expr *required_when; /* required only while this holds (three quotes
	                      * above an amount); NULL: see required */
	char *required_when_text;
	/* lines: a table whose rows have these typed columns (each a scalar
	 * field: text, integer, money, date or choice), stored as a JSON
	 * array of objects keyed by column name, money in cents. */
	struct form_field *columns;
	int n_columns;
	int min_rows, max_rows;  /* max_rows 0: the global limit (200) */
	/* money computed from lines: sum = "LINES.COLUMN", resolved to the
	 * index of the lines field in the form and of the column in it
	 * (both meaningful only when sum is set). */
	char *sum;
	int sum_of, sum_column;
	/* Dates that cannot be meant: not_before names a date, datetime or
	 * timerange field this one may not come before (a trip's return and
	 * its departure); not_past refuses a value that starts before now
	 * (a booking), save for the admin manager's submit --backdate. */
	char *not_before;
	int not_past;
	/* A sensitive field's roles that may read it besides the applicant
	 * and see_sensitive (visible_to = ["finance"]); setting it makes the
	 * field sensitive. */
	char **visible_to;
	int n_visible_to;
	int line;
} form_field;

/* The most rows a lines field holds whatever its max_rows says. */
#define FORMDEF_MAX_ROWS 200

typedef enum {
	AP_DEPT_HEAD,        /* "dept_head": the applicant's department head */
	AP_CHAIN,            /* "chain:N": N levels of heads up from the applicant */
	AP_ROLE,             /* "role:NAME": everyone holding the role */
	AP_USER,             /* "user:LOGIN": a named person */
	AP_FIELD,            /* "field:NAME": the person a field names (an employee
	                      * field, or a room/vehicle/space manager, a seal keeper) */
} approver_kind;

typedef struct {
	approver_kind kind;
	char *arg;           /* role, login or field name */
	int levels;          /* AP_CHAIN */
	int line;            /* where the form names it */
} approver_spec;

typedef enum { TO_REMIND, TO_ESCALATE_ROLE, TO_ESCALATE_UP, TO_AUTO_APPROVE } timeout_action;

typedef struct {
	char *name;
	char *title;
	char *title_en;      /* English title, or NULL */
	approver_spec *approvers;
	int n_approvers;
	int mode_all;        /* 1: countersign (会签); 0: any one (或签) */
	expr *when;          /* NULL: always */
	char *when_text;
	int time_limit;      /* hours; 0 = none */
	timeout_action on_timeout;
	char *escalate_role; /* TO_ESCALATE_ROLE */
	approver_spec *cc;
	int n_cc;
	char **editable;     /* field names the approver may change here */
	int n_editable;
	int line;
} form_step;

typedef struct {
	char *id;
	char *title;
	char *title_en;      /* English title, or NULL */
	char *prefix;        /* request numbers: PREFIX-YYYYMMDD-NNNN */
	char *summary_field; /* shown in lists; NULL: the first text field */
	char **summary_fields; /* summary as a list: the fields shown together */
	int n_summary;
	char *file;
	form_field *fields;
	int n_fields;
	form_step *steps;
	int n_steps;
	approver_spec *cc;   /* CC when submitted */
	int n_cc;
	char **effects;      /* run when done: "notify", "archive", ... */
	int n_effects;
	int allow_auto_approve;
	char **serves;       /* roles the form plays: "restock", "payment", "budget" */
	int n_serves;
	char **on_behalf;    /* roles that may submit it for someone else (on_behalf) */
	int n_on_behalf;
	int line;
} form_def;

/* Loads every NAME.conf in dir (sorted by name). Each problem is written to err
 * (may be NULL) as "FILE:LINE: why"; warnings as "FILE:LINE: warning: why".
 * Returns AF_OK, or AF_INVALID when any file had an error (the good forms
 * are still loaded). */
af_status formdef_load(const char *dir, FILE *err);
/* Frees everything loaded. */
void formdef_free(void);
int formdef_count(void);
const form_def *formdef_at(int i);
/* The form with this id, or NULL. */
const form_def *formdef_find(const char *id);
const form_field *formdef_field(const form_def *f, const char *name);
/* What the screens show: the English title or label (title_en, label_en)
 * when the language of messages is not Chinese and the form gives one,
 * else the form's own. Borrowed from the loaded forms. */
const char *formdef_title(const form_def *f);
const char *formdef_label(const form_field *fl);
const char *formdef_step_title(const form_step *st);
/* What a choice shows for option (the value stored): its label in the
 * screens' language as formdef_label picks, else the option itself
 * (also when it is not one of fl's). Borrowed. */
const char *formdef_option_label(const form_field *fl, const char *option);
/* "money", "date", ... */
const char *formdef_type_name(field_type t);
/* 1 when name is one of the roles the seed defines. */
int formdef_known_role(const char *name);
/* The entry of the NULL-terminated list nearest to s by edit distance in
 * characters (UTF-8 code points); entries, and s, of more than 32
 * characters take no part. NULL when none does. */
const char *formdef_nearest(const char *s, const char *const *list);
/* 1 when name is an effect the engine knows (the list is in formdef.c). */
int formdef_known_effect(const char *name);

/* Validates every *.conf in dir as formdef_load does, writing the same
 * messages to out (may be NULL), without touching the loaded forms.
 * *n_forms gets the number of forms that would load, *n_warnings the
 * number of warnings (either pointer may be NULL). AF_OK, AF_INVALID when
 * any file had an error, AF_ERROR when dir cannot be read. */
af_status formdef_check_dir(const char *dir, FILE *out, int *n_forms,
			    int *n_warnings);
/* 1 when a condition of form f may use name: one of f's fields or
 * applicant.login, .name, .department, .department_code, .title. */
int formdef_ident_known(const form_def *f, const char *name);
/* 1 when f says it serves role (serves = ["restock"]); the first loaded
 * form that does, or NULL. Code that needs "the form for X" asks here. */
int formdef_serves(const form_def *f, const char *role);
const form_def *formdef_serving(const char *role);
/* The name of f's first field of type t, or NULL: code that fills a form
 * serving a role finds its fields by type, never by name. */
const char *formdef_field_of_type(const form_def *f, field_type t);
/* 1 when the form with this id is loaded and serves role. */
int formdef_id_serves(const char *form_id, const char *role);
/* The ids of the forms serving role as a JSON array ["a","b"], for SQL to
 * read with json_each (bind_scope binds it as :serves_ROLE). Caller frees. */
char *formdef_serving_ids(const char *role);
/* The forms serving role as a JSON object {form id: "$.FIELD"}, FIELD
 * each one's amount: its computed (sum) money field, else its first money
 * field. For SQL to read their amounts (json_each). Caller frees. */
char *formdef_money_paths(const char *role);
/* The step that fills field fd in, when the applicant does not: the
 * first step listing it as editable, for a field the applicant need not
 * give (not required, not required_when, not computed). NULL for the
 * applicant's fields, which a step may still correct (expense lines). */
const form_step *formdef_field_step(const form_def *f, const form_field *fd);
/* The step of f with this name, or NULL. */
const form_step *formdef_step(const form_def *f, const char *name);

#endif
