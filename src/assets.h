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

/* By request (the effects asset_hand_over and asset_give_back), inside the
 * engine's transaction, the step's approver acting. AF_INVALID when no
 * asset of category is on the register (retired and lost ones aside). */
af_status assets_category_check(const char *category);
/* Hands tag (in stock, of category when not NULL) to holder for request
 * number, due back on return_due (NULL: none): a move of the request and
 * an audit row. AF_INVALID "field asset: ..." for no tag, an unknown one or
 * one of another category; AF_CONFLICT when it is not in stock. */
af_status assets_hand_over(int64_t request, const char *number, int64_t holder, const char *tag,
			   const char *category, const char *return_due);
/* Takes tag back from holder by request number (to location, or where it
 * was): in stock, holder cleared, a move and an audit row. AF_CONFLICT
 * when holder does not hold it. check_only: only that check. */
af_status assets_take_back(int64_t request, const char *number, int64_t holder, const char *tag,
			   const char *location, int check_only);

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

/* An asset's straight-line value at date at: months of its life gone by
 * (to life at most), the depreciation accumulated and the book value
 * (cost less it). With no life (its own or its category's) or no start
 * date it is not depreciated: the book value is the cost. The one copy of
 * the rule: the register, its screen and export, and the depreciation
 * report take it from here. */
typedef struct {
	int months;
	int64_t depreciated, book;
} asset_value;
asset_value assets_value_at(int64_t cost, int64_t salvage, int life, const char *start, const char *at);
/* 1 when an asset of status is on the books (not written off, not lost):
 * only those have a book value in the register. */
int assets_on_books(const char *status);

/* One row of the register (retired ones too). */
typedef struct {
	const char *tag, *name, *category, *status, *holder, *location;
	const char *return_due; /* YYYY-MM-DD, "" for none */
	int64_t cost;
	int on_books;           /* 0: retired or lost, no book value */
	asset_value value;      /* today's, by assets_value_at */
} asset_row;
/* Calls fn for each asset, by tag, with its book value today; location and
 * status narrow it (NULL: all). Needs manage_assets or view_all. */
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

/* ---- depreciation: straight-line, in whole months ---- */

/* Whole months from start to at (both YYYY-MM-DD): a month is complete on
 * the day of the month it began on, or on the last day of a shorter month
 * (from 01-31, one month on 02-28); 0 when at is before start. */
int assets_months_between(const char *start, const char *at);
/* The depreciation of cost down to salvage over life months after months
 * of them: rounded down to the cent, the last month taking the rest, so the
 * book value (cost - *accumulated) ends at salvage exactly. */
int64_t assets_depreciated(int64_t cost, int64_t salvage, int life, int months);

/* Sets an asset's depreciation: life in months (NULL: keep; "" or "0": the
 * category's), salvage an amount (NULL: keep), in_service a date (NULL:
 * keep; "": the purchase date). Needs manage_assets; audited. AF_INVALID
 * naming the option for a bad value or a salvage above the cost. */
af_status assets_set_depreciation(const char *tag, const char *life, const char *salvage, const char *in_service);
/* A category's useful life in months (1 to 1200); its assets without a
 * life of their own take it. Needs manage_assets; audited. */
af_status assets_set_category_life(const char *category, const char *life);

/* One asset's depreciation at a date; strings valid during the call. */
typedef struct {
	const char *tag, *name, *category, *status, *department; /* the holder's; "" */
	const char *start;   /* the in-service (or purchase) date; "" none */
	int life, months;    /* life 0: none set, not depreciated; months of it gone by */
	int64_t cost, salvage, depreciated, book;
} asset_depreciation_row;
/* Calls fn for each asset on the books at date at (bought by then, not
 * written off or lost by then), by category and tag; dept (not 0) keeps
 * those held in that department or one below it. No permission asked:
 * the caller (the depreciation report) has decided. */
af_status assets_depreciation_rows(const char *at, int64_t dept,
				   void (*fn)(void *ctx, const asset_depreciation_row *d), void *ctx);

#endif
