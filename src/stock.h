/* Office supplies: approval reserves, hand-out issues, returns put back.
 * The schema keeps on_hand >= reserved >= 0; this module says what is
 * left when a request cannot have what it asks for. */
#ifndef AF_STOCK_H
#define AF_STOCK_H

#include <stdint.h>
#include "status.h"

/* lines: the request's supply lines as JSON ([{"sku":..,"qty":..}]).
 * AF_CONFLICT "stock short: NAME (SKU): N asked, M available". */
af_status stock_reserve(int64_t request_id, const char *lines, int64_t actor);
/* Gives back whatever the request still has reserved. */
af_status stock_release(int64_t request_id, int64_t actor);
/* Hands out what the request reserved: on_hand and reserved go down;
 * supplies at or under their reorder level notify the admin staff. */
af_status stock_issue(int64_t request_id, int64_t actor);
/* Puts qty of sku back on the shelf (a return of issued goods). */
af_status stock_return(int64_t request_id, const char *sku, int64_t qty, int64_t actor);

/* Goods of a done procurement request arrive: its supply lines go on the
 * shelf, once. */
af_status stock_receive(int64_t request_id, int64_t actor);

#endif
