/* Office supplies: approval reserves, hand-out issues, returns put back.
 * The schema keeps on_hand >= reserved >= 0; this module says what is
 * left when a request cannot have what it asks for. */
#ifndef AF_STOCK_H
#define AF_STOCK_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "effects.h"

/* lines: the request's supply lines as JSON ([{"sku":..,"qty":..}]).
 * AF_CONFLICT "stock short: NAME (SKU): N asked, M available". */
af_status stock_reserve(int64_t request_id, const char *lines, int64_t actor);
/* Whether lines (as for stock_reserve) ask more of any supply than is
 * available now (on hand, less what approved requests hold): 1 with why
 * (may be NULL) "stock short: NAME (SKU): N asked, M available[; ...]"
 * and the same in the screens' language, else 0 and why empty. A warning
 * while the request is typed, submitted and approved: the refusal is
 * stock_reserve's, when the goods are taken. */
int stock_shortfall(const char *lines, af_said *why);
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

/* The low-stock notice's text, as an SQL expression over a supplies row:
 * stock_issue, stock_adjust and remind say the same thing. */
#define STOCK_LOW_TEXT \
	"'低库存 low stock: ' || name || ' (' || sku || '): ' || on_hand || unit ||" \
	" ' left, reorder level ' || reorder_level ||" \
	" '; adminflow stock restock prepares the purchase request'"
/* The same words as a pattern (text_match), to read them back: name, SKU,
 * on hand with its unit, reorder level. */
#define STOCK_LOW_WORDS \
	"低库存 low stock: %s (%s): %s left, reorder level %s; adminflow stock restock prepares the purchase request"

/* Corrects the stock of sku by delta (+N found, -N lost or broken) for a
 * reason, as someone with manage_stock: on_hand changes, an 'adjust' move
 * and an audit row are written in one transaction. AF_CONFLICT when it
 * would take away stock that is not there or is reserved. */
af_status stock_adjust(const char *sku, int64_t delta, const char *reason);
/* Sets sku's reorder level, for a reason (audited), as manage_stock. */
af_status stock_set_level(const char *sku, int64_t level, const char *reason);

/* One supply at or under its reorder level, as the prepared restock
 * orders it: enough to bring what is available to twice the level, from
 * the usual supplier at the last price (either may be unknown: "" / 0). */
typedef struct {
	char supplier[40], supplier_name[210], sku[40], name[110], unit[40];
	int64_t on_hand, reserved, level, qty, price_cents;
	int64_t on_order; /* already ordered: open requests of a form serving "restock", not yet received */
} stock_restock_line;
/* The lines, ordered by supplier (those without one last) and SKU: each
 * supply at or under its reorder level, with what to order to bring it to
 * twice its level less what is already on order (qty 0: all of it is).
 * The caller frees *lines. */
af_status stock_restock_lines(stock_restock_line **lines, int *n);

/* The storekeeper's hand on the completed request number, in one
 * transaction: the reserved goods handed out (issue), goods received for a
 * purchase (receive), or qty of sku taken back (neither). AF_CONFLICT when
 * there is no completed request with that number, or nothing is reserved
 * for it to hand out. */
typedef struct {
	const char *number, *sku;
	int64_t qty;
	int issue, receive;
} stock_request_op;
af_status stock_on_request(const stock_request_op *op);

/* The stock_reserve and stock_issue effects (effect_list.h): the form's
 * supply lines reserved when done (and issued at once for stock_issue),
 * released when the request ends otherwise. */
af_status stock_effect_reserve(const effect_ctx *c);
af_status stock_effect_issue(const effect_ctx *c);
af_status stock_effect_release(const effect_ctx *c);

#endif
