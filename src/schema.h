/* The database schema as versioned SQL in the source. */
#ifndef AF_SCHEMA_H
#define AF_SCHEMA_H

#include "status.h"

/* The version this program writes (PRAGMA user_version). */
#define SCHEMA_VERSION 6

/* Brings an open database from its user_version up to SCHEMA_VERSION in one
 * transaction: all of it or none. */
af_status schema_migrate(void);

#endif
