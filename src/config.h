/* adminflow.conf, read with libconfig through one table of settings. */
#ifndef AF_CONFIG_H
#define AF_CONFIG_H

#include "status.h"

typedef struct {
	char *database;        /* path of the shared database */
	char *forms_dir;       /* the forms folder (*.conf files) */
	char *data_dir;        /* demo data (CSV) */
	char *outbox_dir;      /* local outbox of unconfirmed submissions */
	char *journal_mode;    /* auto, delete, truncate, wal */
	char *notify_command;  /* run with each notice on stdin, after commit */
	int notify_budget;     /* ms an action spends sending its own notices */
	int notify_max_age;    /* hours: older unsent notices are never sent */
	char *mail_command;    /* sendmail -t -i: notices as mail to those with an address */
	char *mail_from;       /* the mail's From: (empty: the mail program's) */
	char *mail_host;       /* the host in the mail's `ssh HOST adminflow` (empty: this one) */
	int mail_digest;       /* mail once a day (notify --digest) instead of each notice */
	char *timezone;        /* shown times; empty: the system's */
	char *company;         /* the company's name, atop printed forms */
	int attach_max_file_kb;    /* attachments.max_file_kb: one attachment */
	int attach_max_request_kb; /* attachments.max_request_kb: all of a request's */
	char *attach_viewer;   /* attachments.viewer: the screens open a saved attachment with it */
	char *print_command;   /* the screens' p: the printed form on its stdin (default lp) */
	int busy_timeout;      /* ms one statement waits for a lock */
	int busy_retries;      /* whole-transaction retries after that */
	int busy_wait;         /* seconds a change waits for its turn among writers */
	int read_slice;        /* ms a long read (report, export) holds the file */
	char *lock_check;      /* refuse, warn: writing on a share no lock probe vouched for */
	int refresh_interval;  /* seconds between live refresh checks */
	int excel_bom;         /* export.bom: UTF-8 BOM for spreadsheets (default on) */
	char *export_headers;  /* export.headers: auto (the reader's language) or english */
	int same_approver_once;/* ask a person once when consecutive steps pick them */
	int retention_purge_days;   /* retention.purge_after_days: archived requests finished longer ago are purged (0: never) */
	int retention_archive_days; /* retention.archive_after_days: finished requests older are archived (0: never) */
	char *source;          /* the file read, or NULL for defaults */
} af_config;

extern af_config cfg;

/* Fills cfg from defaults, then the first file found: explicit (--config),
 * $ADMINFLOW_CONFIG, ~/.config/adminflow/adminflow.conf, /etc/adminflow.conf.
 * On a broken or unknown setting returns AF_USAGE with "FILE:LINE: why".
 * A setgid program run by anyone but root reads only /etc/adminflow.conf,
 * or a --config file that root owns in folders only root may change
 * (AF_DENIED for any other). */
af_status config_load(const char *explicit_path);
/* --db: replaces the database setting, or AF_DENIED in a setgid program
 * run by anyone but root (there the database is the configured one). */
af_status config_override_database(const char *path);
/* Replaces a string setting (used by --db and --demo). */
void config_set_string(char **field, const char *value);
/* 1 when this program runs from its build tree (or nothing is installed):
 * it then reads forms/, data/ and its translations from the trees. */
int config_uninstalled(void);
/* The per-user data directory ($XDG_DATA_HOME/adminflow); caller frees. */
char *config_user_dir(const char *xdg_var, const char *fallback);

#endif
