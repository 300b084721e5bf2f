/* The names a form gives to people, roles and departments, checked
 * against the database a configuration names (forms check). */
#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "formdef.h"
#include "formrefs.h"
#include "util.h"

struct names {
	char **v;
	int n;
};

/* Every value of the query's first column, NULL-terminated. */
static af_status load_names(const char *sql, struct names *out)
{
	db_stmt s;
	int rc;

	memset(out, 0, sizeof *out);
	out->v = xcalloc(1, sizeof *out->v);
	db_prepare(&s, sql);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		out->v = xrealloc(out->v, (size_t)(out->n + 2) * sizeof *out->v);
		out->v[out->n++] = xstrdup(db_col_text(&s, 0));
		out->v[out->n] = NULL;
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

static void free_names(struct names *n)
{
	for (int i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
}

static int has_name(const struct names *n, const char *s)
{
	for (int i = 0; i < n->n; i++)
		if (strcmp(n->v[i], s) == 0)
			return 1;
	return 0;
}

struct ctx {
	FILE *out;
	struct names logins, roles, held, depts;
	int errors, warnings;
};

static void missing(struct ctx *c, const form_def *f, int line, const char *what, const char *name,
		    const struct names *known)
{
	const char *near = formdef_nearest(name, (const char *const *)known->v);

	fprintf(c->out, "%s:%d: %s '%s' is not in the database%s%s%s\n", f->file, line > 0 ? line : f->line,
		what, name, near ? " (nearest: " : "", near ? near : "", near ? ")" : "");
	c->errors++;
}

static void check_role(struct ctx *c, const form_def *f, int line, const char *role)
{
	if (!has_name(&c->roles, role)) {
		missing(c, f, line, "role", role, &c->roles);
	} else if (!has_name(&c->held, role)) {
		fprintf(c->out, "%s:%d: warning: role '%s': nobody holds it\n", f->file, line > 0 ? line : f->line,
			role);
		c->warnings++;
	}
}

static void check_specs(struct ctx *c, const form_def *f, const approver_spec *a, int n)
{
	for (int i = 0; i < n; i++) {
		if (a[i].kind == AP_USER && !has_name(&c->logins, a[i].arg))
			missing(c, f, a[i].line, "login", a[i].arg, &c->logins);
		else if (a[i].kind == AP_ROLE)
			check_role(c, f, a[i].line, a[i].arg);
	}
}

/* applicant.department == "NAME" (or department_code, != as well) in a
 * condition: NAME must be a department's name or code. */
static void check_condition(struct ctx *c, const form_def *f, int line, const char *text)
{
	static const char key[] = "applicant.department";

	for (const char *p = text ? strstr(text, key) : NULL; p; p = strstr(p + 1, key)) {
		const char *q = p + sizeof key - 1;
		char name[128];
		size_t len;

		if (strncmp(q, "_code", 5) == 0)
			q += 5;
		while (*q == ' ')
			q++;
		if ((q[0] != '=' && q[0] != '!') || q[1] != '=')
			continue;
		q += 2;
		while (*q == ' ')
			q++;
		if (*q != '"' || !(len = strcspn(q + 1, "\"")) || len >= sizeof name)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)len, q + 1);
		if (!has_name(&c->depts, name))
			missing(c, f, line, "department", name, &c->depts);
	}
}

af_status formrefs_check(FILE *out, int *errors, int *warnings)
{
	struct ctx c = { .out = out };
	af_status st;

	if ((st = load_names("SELECT login FROM employees WHERE active ORDER BY login", &c.logins)) != AF_OK ||
	    (st = load_names("SELECT name FROM roles ORDER BY name", &c.roles)) != AF_OK ||
	    (st = load_names("SELECT DISTINCT r.role FROM employee_roles r JOIN employees e ON e.id = r.employee_id"
			     " WHERE e.active", &c.held)) != AF_OK ||
	    (st = load_names("SELECT name FROM departments UNION SELECT code FROM departments ORDER BY 1",
			     &c.depts)) != AF_OK)
		goto out;
	for (int i = 0; i < formdef_count(); i++) {
		const form_def *f = formdef_at(i);

		check_specs(&c, f, f->cc, f->n_cc);
		for (int k = 0; k < f->n_steps; k++) {
			const form_step *s = &f->steps[k];

			check_specs(&c, f, s->approvers, s->n_approvers);
			check_specs(&c, f, s->cc, s->n_cc);
			if (s->on_timeout == TO_ESCALATE_ROLE && s->escalate_role)
				check_role(&c, f, s->line, s->escalate_role);
			check_condition(&c, f, s->line, s->when_text);
		}
	}
out:
	*errors = c.errors;
	*warnings = c.warnings;
	free_names(&c.logins);
	free_names(&c.roles);
	free_names(&c.held);
	free_names(&c.depts);
	return st;
}
