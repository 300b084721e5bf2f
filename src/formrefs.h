#ifndef ADMINFLOW_FORMREFS_H
#define ADMINFLOW_FORMREFS_H
#include <stdio.h>
#include "status.h"

/* The people, roles and departments the loaded forms name (user:LOGIN,
 * role:NAME, escalate:role:NAME, applicant.department == "...") checked
 * against the open database. Each missing one is written to out as
 * "FILE:LINE: ... (nearest: NAME)" and counted in *errors; a role nobody
 * holds is a warning. */
af_status formrefs_check(FILE *out, int *errors, int *warnings);

#endif
