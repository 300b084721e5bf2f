/* The company seals (chops): what a done seal-use request writes into the
 * seal's usage register. */
#ifndef AF_SEAL_H
#define AF_SEAL_H

#include "effects.h"

/* The seal_register effect (effect_list.h), when done: a row in the seal's
 * usage register (document, copies, witness), in the action's
 * transaction. */
af_status seal_register(const effect_ctx *c);

#endif
