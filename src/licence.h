/* Licences and certificates: what a done renewal request changes in the
 * register. */
#ifndef AF_LICENCE_H
#define AF_LICENCE_H

#include "effects.h"

/* The licence_renew effect (effect_list.h), when done: the licence gets
 * its new expiry date (and number), audited. AF_CONFLICT when the
 * register has no such licence. */
af_status licence_renew(const effect_ctx *c);

#endif
