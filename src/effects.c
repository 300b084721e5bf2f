#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "effects.h"
#include "assets_effects.h"
#include "booking.h"
#include "licence.h"
#include "meeting.h"
#include "payment.h"
#include "seal.h"
#include "space.h"
#include "stock.h"
#include "util.h"

/* ---- reading the request's fields ------------------------------------- */

const form_field *effects_field_of(const form_def *f, field_type t)
{
	for (int i = 0; i < f->n_fields; i++)
		if (f->fields[i].type == t)
			return &f->fields[i];
	return NULL;
}

char *effects_value(const effect_ctx *c, const char *name)
{
	char *path;
	char *v;

	if (!name)
		return NULL;
	path = xasprintf("$.%s", name);
	v = db_text(NULL, "SELECT CASE json_type(data, ?2) WHEN 'object' THEN json_extract(data, ?2)"
		    " WHEN 'array' THEN json_extract(data, ?2) ELSE json_extract(data, ?2) END"
		    " FROM requests WHERE id = ?1", "It", c->request_id, path);
	free(path);
	return v;
}

char *effects_value_of_type(const effect_ctx *c, field_type t)
{
	const form_field *fd = effects_field_of(c->form, t);

	return fd ? effects_value(c, fd->name) : NULL;
}

void effects_now_text(char *buf, size_t len)
{
	af_format_time(af_now(), buf, len);
}

/* The applicant hears once that the request is finished: the "decided"
 * notice every finished request sends (engine.c, finish). The effect stays
 * a name forms may give, and adds no second notice. */
static af_status effect_notify(const effect_ctx *c)
{
	(void)c;
	return AF_OK;
}

/* Kept for the forms that name it; it does nothing: it used to stamp
 * archived_at on every finished request, which said no more than done_at.
 * Requests are archived by age (retention.c). */
static af_status effect_archive(const effect_ctx *c)
{
	(void)c;
	return AF_OK;
}

/* informational: the effect only tells people or files the record, so a
 * done request may still be cancelled when its other effects undo. */
static const struct {
	const char *name;
	af_status (*submit)(const effect_ctx *c);
	af_status (*done)(const effect_ctx *c);
	af_status (*close)(const effect_ctx *c);
	int informational;
	int needs[3];
} effects[] = {
#define EFFECT(name, at_submit, when_done, at_close, informational, ...) \
	{ #name, at_submit, when_done, at_close, informational, { __VA_ARGS__ } },
#include "effect_list.h"
#undef EFFECT
};

int effects_booked_type(const form_def *f)
{
	int booked = -1;

	for (int i = 0; i < f->n_effects; i++)
		for (size_t k = 0; k < sizeof effects / sizeof effects[0]; k++) {
			const int *needs = effects[k].needs;

			if (strcmp(effects[k].name, f->effects[i]) != 0)
				continue;
			/* a calendar's effect needs a time range and what it books */
			for (int j = 0; j < 3 && needs[j] != -1; j++)
				if (needs[j] == FT_TIMERANGE)
					for (int o = 0; o < 3 && needs[o] != -1; o++)
						if (needs[o] != FT_TIMERANGE)
							booked = needs[o];
		}
	return booked;
}

int effects_undoable(const form_def *f)
{
	int any = 0;

	for (int i = 0; i < f->n_effects; i++)
		for (size_t k = 0; k < sizeof effects / sizeof effects[0]; k++)
			if (strcmp(effects[k].name, f->effects[i]) == 0 && !effects[k].informational) {
				if (!effects[k].close)
					return 0;
				any = 1;
			}
	return any;
}

enum moment { AT_SUBMIT, AT_DONE, AT_CLOSE };

static af_status run_at(const effect_ctx *c, enum moment when)
{
	for (int i = 0; i < c->form->n_effects; i++) {
		const char *name = c->form->effects[i];
		af_status st = AF_OK;
		size_t k;

		for (k = 0; k < sizeof effects / sizeof effects[0]; k++)
			if (strcmp(effects[k].name, name) == 0)
				break;
		if (k == sizeof effects / sizeof effects[0])
			return af_fail(AF_CONFLICT, "effect %s: unknown to this version of adminflow", name);
		if (when == AT_SUBMIT && effects[k].submit)
			st = effects[k].submit(c);
		else if (when == AT_DONE && effects[k].done)
			st = effects[k].done(c);
		else if (when == AT_CLOSE && effects[k].close)
			st = effects[k].close(c);
		if (st != AF_OK)
			return st;
	}
	return AF_OK;
}

af_status effects_submit(const effect_ctx *c) { return run_at(c, AT_SUBMIT); }
af_status effects_run(const effect_ctx *c) { return run_at(c, AT_DONE); }
af_status effects_close(const effect_ctx *c) { return run_at(c, AT_CLOSE); }
