/* Fixed assets and the stocktake: an asset is received with its tag
 * (optionally against a done procurement request), assigned to a holder
 * with a hand-over slip, returned, moved, written off with a reason; every
 * change of status, holder or place is a row of asset_moves. A stocktake
 * compares what was counted (a CSV of tag, found, location, note -- the
 * filled-in count sheet of `export inventory-count` will do) with what is
 * booked, and stays open until every difference is resolved.
 *
 * Every change needs manage_assets, is one transaction with an audit row,
 * and is safe to retry after an ambiguous failure. Refusals: AF_INVALID
 * (bad input, naming the field), AF_DENIED, AF_CONFLICT (the asset or the
 * stocktake is not in a state that allows it). No ncurses here. */
#ifndef AF_ASSETS_H
#define AF_ASSETS_H

#include <stdint.h>
#include "status.h"

typedef struct {
	const char *tag, *name;
	const char *category;      /* NULL: none */
	const char *location;      /* required */
	const char *purchase_date; /* YYYY-MM-DD; NULL: today */
	const char *cost;          /* a decimal amount; NULL: 0 */
	const char *request;       /* a done procurement request's number; NULL: none */
	const char *note;
} asset_receipt;

/* A new asset in stock. AF_CONFLICT when the tag is already on the register
 * or the procurement request is not done. */
af_status assets_receive(const asset_receipt *r);
/* Hands an in-stock asset to login (optionally to a new location, and due
 * back on return_due, a date not past, or NULL); the new asset_moves row's
 * id into *move_id, for assets_slip. */
af_status assets_assign(const char *tag, const char *login, const char *location,
			const char *note, const char *return_due, int64_t *move_id);
/* The hand-over slip of an assignment, as plain text (who, what, when, and
 * lines to sign); NULL when move_id is not an assignment. Caller frees. */
char *assets_slip(int64_t move_id);
/* Back in stock from its holder (optionally to a new location). */
af_status assets_return(const char *tag, const char *location, const char *note);
/* To another place; the holder, if any, keeps it. */
af_status assets_move(const char *tag, const char *location, const char *note);
/* Off the books for reason; refused while it is in use or in repair. */
af_status assets_writeoff(const char *tag, const char *reason);

/* One row of an asset's history; the strings are valid during the call. */
typedef struct {
	const char *at, *kind, *from_status, *to_status;
	const char *from_holder, *to_holder, *actor; /* logins, "" for none */
	const char *request;                         /* its number, "" for none */
	const char *note;
} asset_move_row;
/* Calls fn for every move of tag, oldest first. Needs manage_assets or
 * view_all. */
af_status assets_history(const char *tag, void (*fn)(void *ctx, const asset_move_row *m), void *ctx);

/* One row of the register (retired ones too). */
typedef struct {
	const char *tag, *name, *category, *status, *holder, *location;
	const char *return_due; /* YYYY-MM-DD, "" for none */
} asset_row;
/* Calls fn for each asset, by tag; location and status narrow it (NULL:
 * all). Needs manage_assets or view_all. */
af_status assets_list(const char *location, const char *status,
		      void (*fn)(void *ctx, const asset_row *a), void *ctx);

/* Opens a stocktake of every asset, or of those booked at location;
 * AF_CONFLICT while another is open. Its id into *id. */
af_status stocktake_start(const char *location, int64_t *id);
/* Imports the counts of path into the open stocktake, all or nothing; bad
 * rows are reported as "adminflow: FILE:LINE: column: why" on stderr and
 * AF_INVALID "FILE: N bad rows; nothing was imported" returned. A tag
 * counted again replaces its count (not once it is resolved). The number
 * of rows into *rows and the stocktake into *id. */
af_status stocktake_count(const char *path, int64_t *id, int *rows);

/* One difference: kind is "missing" (booked, not found), "elsewhere"
 * (found, but not where booked, or booked as lost) or "unknown" (found, no
 * such tag); resolution "" while unresolved. Valid during the call. */
typedef struct {
	const char *tag, *kind, *name, *booked, *counted, *holder, *resolution;
} stocktake_diff_row;
/* Calls fn for each difference of stocktake id (0: the open one), the
 * unresolved first; their number into *unresolved. */
af_status stocktake_diff(int64_t id, void (*fn)(void *ctx, const stocktake_diff_row *d), void *ctx,
			 int64_t *shown_id, int *unresolved);
/* The same without asking who may read it, for a caller that has decided
 * (the assets report). */
af_status stocktake_diff_rows(int64_t id, void (*fn)(void *ctx, const stocktake_diff_row *d), void *ctx,
			      int64_t *shown_id, int *unresolved);
/* Resolves the difference of tag in the open stocktake: "found" (the books
 * stand), "lost" (a missing asset becomes lost), "moved" (one found
 * elsewhere is booked where it was found) or "added" (an unknown tag is
 * received, named name -- or the count's note -- in category). */
af_status stocktake_resolve(const char *tag, const char *resolution, const char *name,
			    const char *category);
/* Closes the open stocktake; AF_CONFLICT while differences are unresolved. */
af_status stocktake_close(int64_t *id);

#endif
