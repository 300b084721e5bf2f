/* The prepared restock: the supplies at or under their reorder level,
 * turned into purchase requests of the form that serves "restock"
 * (serves = ["restock"] in forms/), one per usual supplier. */
#ifndef AF_RESTOCK_H
#define AF_RESTOCK_H

#include "status.h"

#define RESTOCK_MAX 64
typedef struct {
	int n;                          /* requests submitted, then those found on order */
	int found;                      /* of them, open orders made before (not now) */
	char numbers[RESTOCK_MAX][64];
	char suppliers[RESTOCK_MAX][40];
	int skipped;                    /* lines without a usual supplier or a price */
	int n_refused;                  /* suppliers whose request the form refused */
	char refused[RESTOCK_MAX][300]; /* "SUPPLIER: why" */
} restock_result;

/* Submits them as the current user (manage_stock), less what is already
 * on order (open requests of a form serving "restock", not yet received:
 * made by another clerk, or by an earlier run), and lists those open
 * orders after the new ones: run twice, or by two clerks, it orders
 * nothing twice and says the same requests. The idempotency key is the
 * day, the supplier, the lines and what was seen of the orders, not the
 * clerk: two clerks at once make one request (the second is told it). A supplier's request the form
 * refuses as it is (three quotes above an amount, say) is listed in
 * refused, for a person to complete. AF_CONFLICT when no form serves
 * "restock" or nothing is low; the form's refusal when none went in. */
af_status restock_submit(restock_result *r);

#endif
