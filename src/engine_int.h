/* What the engine's modules share among themselves, and nobody else: the
 * validated values of a form, a computed route, the request as the
 * lifecycle reads it, and the helpers each module calls. Not for faces. */
#ifndef AF_ENGINE_INT_H
#define AF_ENGINE_INT_H

#include <stdint.h>
#include <stdio.h>
#include "engine.h"
#include "expr.h"

#define TEXT_LIMIT 4000
#define MAX_PEOPLE 64

/* One field's value after validation. */
typedef struct {
	const form_field *field;
	int present;
	char *text;      /* as shown and stored for text-like types */
	int64_t num;     /* integer value, or money in cents */
	int is_num;
	char *json;      /* structured values (lists, ranges) as JSON text */
} fval;

typedef struct {
	int64_t id;
	char why[200];
	/* Asked in someone's place (the applicant's own seat, a step with
	 * nobody): never approved for them by the asked-once rule. */
	int stand_in;
} person;

typedef struct {
	const form_step *def;
	int skipped;
	char why[200];
	person people[MAX_PEOPLE];
	int n_people;
	person cc[MAX_PEOPLE];
	int n_cc;
} route_step;

typedef struct {
	int64_t id, department_id;
	char login[65], name[101], department[101], department_code[33], title[101];
} employee;


struct eval_ctx {
	const form_def *form;
	const fval *vals;
	const employee *applicant;
};

typedef struct {
	int64_t id, applicant_id, current_step;
	int round;
	char number[40], form[40], state[16];
	int archived;   /* archived by age (retention): read-only */
} request_row;

/* engine.c: helpers and the request's life */
void now_text(char *buf, size_t len);
void put_cell(FILE *out, const char *s);
int load_employee(int64_t id, employee *e);
char *employee_name(int64_t id);
int64_t employee_by_login(const char *login);
int load_request(const char *number, request_row *r);
af_status record_action(int64_t request_id, int64_t task_id, int64_t step_id,
			int64_t actor, int64_t for_id, const char *action,
			const char *opinion, const char *key);
af_status check_step(const request_row *r, int64_t step_id);
af_status activate(const request_row *r, int64_t step_id);
/* The step's CC get the request (inbox --cc) and a notice saying how the
 * step was decided (outcome: "已同意 approved", "已驳回 rejected"). */
af_status cc_step(const request_row *r, int64_t step_id, const char *outcome);
af_status advance(const request_row *r);
af_status run_effects(const request_row *r, af_status (*moment)(const effect_ctx *c));

/* engine_fields.c: values */
void fvals_free(fval *v, int n);
af_status collect(const form_def *f, const engine_input *in, int n, fval **out);
/* A not_past field before now: AF_INVALID naming it, or with allow, AF_OK
 * and *detail the audit row's words for what was entered after the fact
 * (caller frees; NULL when nothing was). */
af_status engine_check_not_past(const form_def *f, const fval *v, int allow, char **detail);
int lookup(void *ctx, const char *name, expr_value *out);
char *stored_text(const form_field *fd, const char *value);
int stored_inputs(int64_t request_id, const form_def *f, int extra, engine_input **out);
void inputs_free(engine_input *in, int n);
af_status check_text(const form_field *fd, const char *v, int multiline);
char *lines_row_text(const form_field *fd, const char *row, int readable);
const char *field_text(const form_def *f, const fval *vals, const char *name);
char *build_data(const form_def *f, const fval *vals);
const char *summary_of(const form_def *f, const fval *vals);

/* engine_route.c: who is asked and why */
af_status compute_route(const form_def *f, const fval *vals, const employee *applicant,
			route_step *route);
const char *timeout_name(const form_step *sd, char *buf, size_t len);
int64_t delegate_of(int64_t emp);
int64_t superior_of(int64_t emp_id);

/* engine_act.c */
int may_see(const request_row *r);
/* Whether employee who may see the request (as engine_may_see for me). */
int engine_employee_may_see(int64_t request_id, int64_t who);

#endif
