#include "autoconf.h"
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>
#include <sys/stat.h>
#include "util.h"
#include "config.h"

af_config cfg;

enum setting_type { SET_STRING, SET_INT, SET_BOOL };

static const struct setting {
	const char *path;
	enum setting_type type;
	size_t offset;
	const char *def_string;
	int def_int;
} settings[] = {
#define STR(p, f, d) { p, SET_STRING, offsetof(af_config, f), d, 0 }
#define INT(p, f, d) { p, SET_INT, offsetof(af_config, f), NULL, d }
#define BOOL(p, f, d) { p, SET_BOOL, offsetof(af_config, f), NULL, d }
	STR("database", database, ""),
	STR("forms_dir", forms_dir, ""),
	STR("data_dir", data_dir, ""),
	STR("outbox_dir", outbox_dir, ""),
	STR("journal_mode", journal_mode, "auto"),
	STR("notify_command", notify_command, ""),
	STR("timezone", timezone, ""),
	INT("notify_budget", notify_budget, 2000),
	INT("notify_max_age", notify_max_age, 24),
	STR("mail_command", mail_command, ""),
	STR("mail_from", mail_from, ""),
	STR("mail_host", mail_host, ""),
	BOOL("mail_digest", mail_digest, 0),
	STR("company", company, ""),
	STR("print_command", print_command, "lp"),
	INT("attachments.max_file_kb", attach_max_file_kb, 10240),
	INT("retention.archive_after_days", retention_archive_days, 0),
	INT("retention.purge_after_days", retention_purge_days, 0),
	INT("attachments.max_request_kb", attach_max_request_kb, 30720),
	STR("attachments.viewer", attach_viewer, ""),
	INT("busy_timeout", busy_timeout, 5000),
	INT("busy_retries", busy_retries, 8),
	INT("busy_wait", busy_wait, 120),
	INT("read_slice", read_slice, 200),
	STR("lock_check", lock_check, "refuse"),
	INT("refresh_interval", refresh_interval, 2),
	BOOL("export.bom", excel_bom, 1),
	STR("export.headers", export_headers, "auto"),
	BOOL("same_approver_once", same_approver_once, 1),
#undef STR
#undef INT
#undef BOOL
};

void config_set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value ? value : "");
}

char *config_user_dir(const char *xdg_var, const char *fallback)
{
	const char *xdg = af_privileged() ? NULL : getenv(xdg_var);
	const char *home = af_privileged() ? NULL : getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/adminflow", xdg);
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/%s/adminflow", home, fallback);
}

int config_uninstalled(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	exe[n > 0 ? n : 0] = '\0';
	return strncmp(exe, ABS_BUILDDIR "/", strlen(ABS_BUILDDIR) + 1) == 0 ||
	       access(PKGDATADIR "/forms", R_OK) != 0;
}

static void set_defaults(void)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *s = &settings[i];
		void *field = (char *)&cfg + s->offset;

		if (s->type == SET_STRING)
			config_set_string(field, s->def_string);
		else
			*(int *)field = s->def_int;
	}
	/* The program run from its build tree finds forms/ and data/ in the
	 * source tree, even when another version is installed. */
	{
		int uninstalled = config_uninstalled();

		config_set_string(&cfg.forms_dir, uninstalled ? ABS_SRCDIR "/forms" : PKGDATADIR "/forms");
		config_set_string(&cfg.data_dir, uninstalled ? ABS_SRCDIR "/data" : PKGDATADIR "/data");
	}
	char *state = config_user_dir("XDG_STATE_HOME", ".local/state");
	char *outbox = xasprintf("%s/outbox", state);
	config_set_string(&cfg.outbox_dir, outbox);
	free(outbox);
	free(state);
}

static const struct setting *find_setting(const char *path)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].path, path) == 0)
			return &settings[i];
	return NULL;
}

/* Walks every setting in the file so an unknown or mistyped one is named
 * rather than silently ignored. */
static af_status check_group(config_setting_t *group, const char *prefix, const char *file)
{
	int n = config_setting_length(group);

	for (int i = 0; i < n; i++) {
		config_setting_t *st = config_setting_get_elem(group, (unsigned)i);
		char *path = prefix[0] ? xasprintf("%s.%s", prefix, config_setting_name(st))
				       : xstrdup(config_setting_name(st));
		const struct setting *s = find_setting(path);
		int line = (int)config_setting_source_line(st);
		af_status rc = AF_OK;

		if (config_setting_is_group(st)) {
			rc = check_group(st, path, file);
		} else if (!s) {
			rc = af_fail(AF_USAGE, "%s:%d: unknown setting '%s'", file, line, path);
		} else {
			void *field = (char *)&cfg + s->offset;
			int t = config_setting_type(st);

			if (s->type == SET_STRING && t == CONFIG_TYPE_STRING)
				config_set_string(field, config_setting_get_string(st));
			else if (s->type == SET_INT && t == CONFIG_TYPE_INT)
				*(int *)field = config_setting_get_int(st);
			else if (s->type == SET_BOOL && t == CONFIG_TYPE_BOOL)
				*(int *)field = config_setting_get_bool(st);
			else
				rc = af_fail(AF_USAGE, "%s:%d: '%s' must be %s", file, line, path,
					     s->type == SET_STRING ? "a string" :
					     s->type == SET_INT ? "an integer" : "true or false");
		}
		free(path);
		if (rc != AF_OK)
			return rc;
	}
	return AF_OK;
}

static af_status check_values(const char *file)
{
	static const char *const modes[] = { "auto", "delete", "truncate", "wal" };
	int ok = 0;

	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		ok |= strcmp(cfg.journal_mode, modes[i]) == 0;
	if (!ok)
		return af_fail(AF_USAGE, "%s: journal_mode: '%s' is not auto, delete, truncate or wal",
			       file, cfg.journal_mode);
	if (strcmp(cfg.export_headers, "auto") != 0 && strcmp(cfg.export_headers, "english") != 0)
		return af_fail(AF_USAGE, "%s: export.headers: '%s' is not auto or english", file, cfg.export_headers);
	if (cfg.attach_max_file_kb < 0 || cfg.attach_max_request_kb < cfg.attach_max_file_kb ||
	    cfg.attach_max_request_kb > 1048576)
		return af_fail(AF_USAGE, "%s: attachments: max_file_kb must be 0 or more, max_request_kb at least"
			       " that and at most 1048576", file);
	if (cfg.retention_archive_days < 0 || cfg.retention_archive_days > 36500)
		return af_fail(AF_USAGE, "%s: retention.archive_after_days: must be 0..36500 days", file);
	if (cfg.retention_purge_days < 0 || cfg.retention_purge_days > 36500 ||
	    (cfg.retention_purge_days && cfg.retention_purge_days < cfg.retention_archive_days))
		return af_fail(AF_USAGE, "%s: retention.purge_after_days: must be 0..36500 days, and not fewer than"
			       " archive_after_days", file);
	if (cfg.busy_timeout < 0 || cfg.busy_timeout > 600000)
		return af_fail(AF_USAGE, "%s: busy_timeout: must be 0..600000 ms", file);
	if (cfg.busy_retries < 0 || cfg.busy_retries > 1000)
		return af_fail(AF_USAGE, "%s: busy_retries: must be 0..1000", file);
	if (cfg.busy_wait < 1 || cfg.busy_wait > 3600)
		return af_fail(AF_USAGE, "%s: busy_wait: must be 1..3600 seconds", file);
	if (cfg.read_slice < 10 || cfg.read_slice > 60000)
		return af_fail(AF_USAGE, "%s: read_slice: must be 10..60000 ms", file);
	if (strcmp(cfg.lock_check, "refuse") != 0 && strcmp(cfg.lock_check, "warn") != 0)
		return af_fail(AF_USAGE, "%s: lock_check: '%s' is not refuse or warn", file, cfg.lock_check);
	if (cfg.refresh_interval < 1 || cfg.refresh_interval > 3600)
		return af_fail(AF_USAGE, "%s: refresh_interval: must be 1..3600 seconds", file);
	if (cfg.notify_budget < 0 || cfg.notify_budget > 60000)
		return af_fail(AF_USAGE, "%s: notify_budget: must be 0..60000 ms", file);
	if (cfg.notify_max_age < 1 || cfg.notify_max_age > 24 * 365)
		return af_fail(AF_USAGE, "%s: notify_max_age: must be 1..8760 hours", file);
	/* Before anything is converted: the C library and SQLite's 'localtime'
	 * both read TZ. */
	if (tz_init(cfg.timezone) != AF_OK) {
		char *why = xstrdup(af_errmsg());
		af_status st = af_fail(AF_USAGE, "%s: %s", file, why);

		free(why);
		return st;
	}
	return AF_OK;
}

/* 1 when path, and every folder above it, belongs to root and only root
 * may change it: what such a file says is root's word, whoever names it.
 * (A sticky folder such as /tmp is fine: nobody else may move root's
 * entries in it.) */
static int root_owned(const char *path)
{
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(path, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	for (char *slash = strrchr(real, '/'); slash; slash = strrchr(real, '/')) {
		*slash = '\0';
		if (stat(real[0] ? real : "/", &st) != 0 || st.st_uid != 0 ||
		    ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)))
			return 0;
		if (!real[0])
			break;
	}
	return 1;
}

/* A setgid program run by anyone but root trusts nothing the user names. */
static int untrusting(void)
{
	return af_privileged() && getuid() != 0;
}

af_status config_override_database(const char *path)
{
	if (untrusting())
		return af_fail(AF_DENIED, "--db: not permitted in a multi-user installation "
			       "(the database is the one %s names)", cfg.source ? cfg.source : SYSCONFDIR "/adminflow.conf");
	config_set_string(&cfg.database, path);
	return AF_OK;
}

af_status config_load(const char *explicit_path)
{
	const char *env = af_privileged() ? NULL : getenv("ADMINFLOW_CONFIG");
	char *user_dir = config_user_dir("XDG_CONFIG_HOME", ".config");
	/* The user's own file is theirs to write: not for a setgid program. */
	char *user_file = untrusting() ? NULL : xasprintf("%s/adminflow.conf", user_dir);
	const char *candidates[] = { explicit_path, env, user_file, SYSCONFDIR "/adminflow.conf" };
	const char *file = NULL;
	char *include_dir, *slash;
	config_t lc;
	af_status rc = AF_OK;

	set_defaults();
	free(user_dir);
	if (explicit_path && untrusting() && !root_owned(explicit_path)) {
		free(user_file);
		return af_fail(AF_DENIED, "--config: %s: not permitted in a multi-user installation "
			       "(only a file that root owns, in folders only root may change)", explicit_path);
	}
	for (size_t i = 0; i < 4 && !file; i++) {
		if (!candidates[i] || !*candidates[i])
			continue;
		/* An explicitly named file must exist; the others are optional. */
		if (i < 2 || faccessat(AT_FDCWD, candidates[i], F_OK, AT_EACCESS) == 0)
			file = candidates[i];
	}
	if (!file) {
		free(user_file);
		return check_values("defaults");
	}
	config_init(&lc);
	/* @include is relative to the file's own folder, not to wherever the
	 * user happens to be. */
	include_dir = xstrdup(file);
	if ((slash = strrchr(include_dir, '/')) != NULL) {
		slash[slash == include_dir] = '\0';
		config_set_include_dir(&lc, include_dir);
	}
	if (!config_read_file(&lc, file)) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			rc = af_fail(AF_USAGE, "%s: cannot read configuration", file);
		else
			rc = af_fail(AF_USAGE, "%s:%d: %s", file, config_error_line(&lc),
				     config_error_text(&lc));
	} else {
		rc = check_group(config_root_setting(&lc), "", file);
	}
	free(include_dir);
	config_destroy(&lc);
	if (rc == AF_OK)
		rc = check_values(file);
	if (rc == AF_OK)
		config_set_string(&cfg.source, file);
	free(user_file);
	return rc;
}
