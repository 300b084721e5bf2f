/* What the engine's modules share among themselves, and nobody else: the
 * validated values of a form, a computed route, the request as the
 * lifecycle reads it, and the helpers each module calls. Not for faces. */
#ifndef AF_ENGINE_INT_H
#define AF_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>
#include "engine.h"
#include "expr.h"
#include "fieldvalue.h"

#define TEXT_LIMIT FIELDVALUE_TEXT_LIMIT
#define MAX_PEOPLE 64


typedef struct {
	int64_t id;
	char why[200];
	char reason[200];  /* the same as a reason code and its arguments */
	/* Asked in someone's place (the applicant's own seat, a step with
	 * nobody): never approved for them by the asked-once rule. */
	int stand_in;
} engine_person;

typedef struct {
	const form_step *def;
	int skipped;
	char why[200];
	char reason[200];
	engine_person people[MAX_PEOPLE];
	int n_people;
	engine_person cc[MAX_PEOPLE];
	int n_cc;
} engine_route_step;

typedef struct {
	int64_t id, department_id;
	char login[65], name[101], department[101], department_code[33], title[101];
	/* For an applicant: who made the request for them (submit --for), 0
	 * when they made it themselves; the caller sets it after loading. */
	int64_t behalf_by;
} engine_employee;

/* Nobody approves their own request: not the applicant, and not the
 * person who made it for them (submit --for), who chose what it asks.
 * The one copy of that rule: the route, delegations, transfer, addsign
 * and the approval itself ask it. */
static inline int engine_own_request(int64_t applicant, int64_t behalf_by, int64_t who)
{
	return who != 0 && (who == applicant || who == behalf_by);
}


struct engine_eval_ctx {
	const form_def *form;
	const field_value *vals;
	const engine_employee *applicant;
};

typedef struct {
	int64_t id, applicant_id, current_step;
	int64_t behalf_by; /* who made it for the applicant (submit --for); 0 */
	int round;
	char number[40], form[40], state[16];
	int archived;   /* archived by age (retention): read-only */
} engine_request_row;

/* engine.c: helpers and the request's life */
void engine_now_text(char *buf, size_t len);
void engine_put_cell(FILE *out, const char *s);
int engine_load_employee(int64_t id, engine_employee *e);
char *engine_employee_name(int64_t id);
int64_t engine_employee_by_login(const char *login);
int engine_load_request(const char *number, engine_request_row *r);
af_status engine_record_action(int64_t request_id, int64_t task_id, int64_t step_id,
			int64_t actor, int64_t for_id, const char *action,
			const char *opinion, const char *key);
af_status engine_check_step(const engine_request_row *r, int64_t step_id);
af_status engine_activate(const engine_request_row *r, int64_t step_id);
/* The step's CC get the request (inbox --cc) and a notice saying how the
 * step was decided (outcome: "已同意 approved", "已驳回 rejected"). */
af_status engine_cc_step(const engine_request_row *r, int64_t step_id, int approved);
af_status engine_advance(const engine_request_row *r);
/* Stores who a computed route step asks (its approvers, stand-ins marked)
 * and who gets a copy, for the step step_id: at submission and when a
 * resubmission routes the request again. */
af_status engine_put_step_people(int64_t step_id, const engine_route_step *rs);
af_status engine_run_effects(const engine_request_row *r, af_status (*moment)(const effect_ctx *c));

/* engine_fields.c: values */
void engine_fvals_free(field_value *v, int n);
/* The fields of a submission checked and normalised; a condition on the
 * applicant (required_when) is judged on APPLICANT_ID, whose request it is:
 * the person a clerk submits for, the request's applicant at a resubmission
 * or an approver's edit, never simply whoever is typing. */
af_status engine_collect(const form_def *f, const engine_input *in, int n, int64_t applicant_id,
			 field_value **out);
/* Who a submission or its route preview is for (WHAT names the command in
 * the refusal): the person ENGINE_FOR names, or the current user when none
 * is named or it names them; AF_DENIED when the form's on_behalf does not
 * let the current user act for others, AF_INVALID when the login is no
 * active employee. The one rule of submit --for and route --for. */
af_status engine_for_whom(const form_def *f, const engine_input *in, int n, const char *what, int64_t *id);
/* Whose request a submission in the making is: the person its ENGINE_FOR
 * names, where the form lets this user submit for others, else this user. */
int64_t engine_applicant_of(const form_def *f, const engine_input *in, int n);
/* A not_past field before now: AF_INVALID naming it, or with allow, AF_OK
 * and *detail the audit row's words for what was entered after the fact
 * (caller frees; NULL when nothing was). */
af_status engine_check_not_past(const form_def *f, const field_value *v, int allow, char **detail);
int engine_lookup(void *ctx, const char *name, expr_value *out);
char *engine_stored_text(const form_field *fd, const char *value);
int engine_stored_inputs(int64_t request_id, const form_def *f, int extra, engine_input **out);
void engine_inputs_free(engine_input *in, int n);
const char *engine_fval_text(const form_def *f, const field_value *vals, const char *name);
char *engine_build_data(const form_def *f, const field_value *vals);
const char *engine_summary_of(const form_def *f, const field_value *vals);

/* engine_route.c: who is asked and why */
af_status engine_compute_route(const form_def *f, const field_value *vals, const engine_employee *applicant,
			engine_route_step *route);
const char *engine_timeout_name(const form_step *sd, char *buf, size_t len);
int64_t engine_delegate_of(int64_t emp);
int64_t engine_superior_of(int64_t emp_id);

/* engine_act.c */
int engine_row_may_see(const engine_request_row *r);
/* Whether employee who may see the request (as engine_may_see for me). */
int engine_employee_may_see(int64_t request_id, int64_t who);

/* Sets reason to code and its arguments (NULL-terminated list), and why
 * (may be NULL) to the English words engine_reason_text gives for it. */
void engine_reason(char *reason, size_t rn, char *why, size_t wn, const char *code, ...);

#endif
