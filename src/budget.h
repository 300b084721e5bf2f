/* Budgets per department and year, optionally per expense category: set by
 * finance (or imported), used by the requests of the forms that serve
 * "budget" (serves = ["budget"]): spent when done, committed while under
 * way, counted in the year they were submitted, by the applicant's
 * department; a category budget counts the lines of that category. */
#ifndef AF_BUDGET_H
#define AF_BUDGET_H

#include <stdint.h>
#include "status.h"

typedef struct {
	char dept[40], dept_name[110], category[40];
	int year;
	int64_t dept_id;
	int64_t budget, spent, underway; /* cents */
} budget_row;

/* The budgets of year (0: every year), by department and category. The
 * caller frees *rows. */
af_status budget_list(int year, budget_row **rows, int *n);
/* Sets a budget (finance: the budget permission), audited with the old
 * and new amount and the reason. */
af_status budget_set(const char *dept, int year, const char *category, int64_t cents, const char *reason);
/* AF_OK when dept is a department's code, else budget_set's refusal (a
 * screen asks it as soon as the code is typed; budget_set checks again). */
af_status budget_check_dept(const char *dept);
/* A budget's year and amount as typed (YYYY within 2000-2999; an amount of
 * zero or more, up to 2 decimals): the command line and the screen read
 * them here, refused with what was typed. */
af_status budget_parse_year(const char *text, int *year);
af_status budget_parse_amount(const char *text, int64_t *cents);

/* Whether a request of form form_id for amount (cents; lines_json its
 * lines, may be NULL) by someone of department dept, submitted in year,
 * would take a budget past its amount, counting what is spent and under way
 * except request exclude_id. 1 (why says which budget and by how much), 0,
 * or 0 when the form serves no budget. Inside the caller's transaction. */
int budget_over(const char *form_id, int64_t dept, int year, int64_t amount, const char *lines_json,
		int64_t exclude_id, af_said *why);

/* The same for a request already submitted (itself left out of what is
 * used): the warning the approver sees. */
int budget_over_request(int64_t request_id, af_said *why);

#endif
