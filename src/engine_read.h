/* The read side: the inbox boxes and a request's view. */
#ifndef AF_ENGINE_READ_H
#define AF_ENGINE_READ_H

#include <stdint.h>
#include <stdio.h>
#include "formdef.h"
#include "status.h"

/* Lists for the inbox (tab-separated, header first). The done box holds
 * the requests of the latest ENGINE_DONE_LATEST actions unless all is set
 * (an admin clerk acts on tens of thousands); *more (may be NULL) is set
 * to 1 when that left some out. */
enum engine_box { BOX_TODO, BOX_DONE, BOX_MINE, BOX_CC };
#define ENGINE_DONE_LATEST 1000
af_status engine_inbox(enum engine_box box, int all, int *more, FILE *out);
/* Writes key<TAB>value lines for the request, a blank line, then its
 * timeline as a tab-separated table. */
af_status engine_show(const char *number, FILE *out);

#endif
