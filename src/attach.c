#include "autoconf.h"
#include <errno.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "attach.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "engine.h"
#include "engine_fields.h"
#include "formdef.h"
#include "userfile.h"
#include "util.h"

static const struct magic {
	const char *bytes;
	size_t len;
	const char *type;
} magics[] = {
	{ "%PDF-", 5, "PDF document (application/pdf)" },
	{ "\x89PNG\r\n\x1a\n", 8, "PNG image (image/png)" },
	{ "\xff\xd8\xff", 3, "JPEG image (image/jpeg)" },
	{ "GIF87a", 6, "GIF image (image/gif)" },
	{ "GIF89a", 6, "GIF image (image/gif)" },
	{ "PK\x03\x04", 4, "ZIP archive or Office document (application/zip)" },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "Office 97-2003 document (application/x-ole-storage)" },
	{ "Rar!\x1a\x07", 6, "RAR archive (application/vnd.rar)" },
	{ "7z\xbc\xaf\x27\x1c", 6, "7-Zip archive (application/x-7z-compressed)" },
	{ "\x1f\x8b", 2, "gzip data (application/gzip)" },
	{ "II*\0", 4, "TIFF image (image/tiff)" },
	{ "MM\0*", 4, "TIFF image (image/tiff)" },
};

const char *attach_sniff(const unsigned char *p, size_t n, const char *name)
{
	(void)name;
	if (n == 0)
		return "empty (application/x-empty)";
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (n >= magics[i].len && memcmp(p, magics[i].bytes, magics[i].len) == 0)
			return magics[i].type;
	if (!memchr(p, '\0', n) && utf8_invalid_at((const char *)p, n) < 0)
		return "UTF-8 text (text/plain)";
	return "binary data (application/octet-stream)";
}

static void sha256_hex(const unsigned char *p, size_t n, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, sizeof d, d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* The whole of path (read as the user, a regular file within the limit),
 * or NULL with the failure set. */
static unsigned char *read_whole(const char *path, size_t *len)
{
	FILE *f = userfile_read(path, 0);
	struct stat st;
	unsigned char *buf;
	int64_t max = (int64_t)cfg.attach_max_file_kb * 1024;

	if (!f) {
		af_fail(AF_INVALID, "%s: cannot read: %s", path,
			errno == EINVAL ? "not a regular file" : strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		af_fail(AF_INVALID, "%s: cannot attach: %s", path,
			S_ISDIR(st.st_mode) ? "a directory" : "not a regular file (a device, a FIFO?)");
		return NULL;
	}
	if (st.st_size > max) {
		fclose(f);
		af_fail(AF_INVALID, "%s: %lld bytes, more than attachments.max_file_kb (%d KiB)", path,
			(long long)st.st_size, cfg.attach_max_file_kb);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f) || *len != (size_t)st.st_size) {
		const char *why = ferror(f) ? strerror(errno) : "it changed while read";

		fclose(f);
		free(buf);
		af_fail(AF_INVALID, "%s: cannot read: %s", path, why);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* Stores a (read by attach_read) on request id (number) as its next
 * attachment, inside the caller's transaction: the per-request limit, the
 * content once by its hash, the row and its audit row. */
static af_status store(int64_t id, const char *number, const char *field, attach_file *a)
{
	int64_t used, stored;
	char at[32], *detail;
	db_stmt s;
	af_status st;
	int rc;

	used = db_int(0, "SELECT coalesce(sum(b.size), 0) FROM attachments t JOIN attachment_blobs b"
		      " ON b.sha256 = t.sha256 WHERE t.request_id = ?1", "I", id);
	if (used + (int64_t)a->len > (int64_t)cfg.attach_max_request_kb * 1024)
		return af_fail(AF_INVALID, "%s: with %zu more bytes the request's attachments would pass"
			       " attachments.max_request_kb (%d KiB)", a->name, a->len, cfg.attach_max_request_kb);
	/* The content once: a second request with the same file shares it. */
	stored = db_int(0, "SELECT 1 FROM attachment_blobs WHERE sha256 = ?1", "t", a->hash);
	if (!stored) {
		db_prepare(&s, "INSERT INTO attachment_blobs(sha256, size, type, content) VALUES(:h, :size, :type, :c)");
		db_bind_text(&s, ":h", a->hash);
		db_bind_int(&s, ":size", (int64_t)a->len);
		db_bind_text(&s, ":type", a->type);
		/* a pointer, never NULL: 0 bytes are an empty blob, not NULL */
		sqlite3_bind_blob(s.st, sqlite3_bind_parameter_index(s.st, ":c"), a->len ? (const void *)a->data : "",
				  (int)a->len, SQLITE_STATIC);
		rc = db_step(&s);
		db_done(&s);
		if (rc != SQLITE_DONE)
			return db_fail();
	}
	a->n = (int)db_int(1, "SELECT coalesce(max(n), 0) + 1 FROM attachments WHERE request_id = ?1", "I", id);
	af_format_time(af_now(), at, sizeof at);
	if (db_exec("INSERT INTO attachments(request_id, n, name, field, sha256, added_by, added_at)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", "IItttIt", id, (int64_t)a->n, a->name,
		    field ? field : "", a->hash, me.id, at) != SQLITE_DONE)
		return db_fail();
	detail = field && *field
		? xasprintf("attachment %d (field %s): %s, %zu bytes, %s, sha256 %s", a->n, field, a->name, a->len,
			    a->type, a->hash)
		: xasprintf("attachment %d: %s, %zu bytes, %s, sha256 %s", a->n, a->name, a->len, a->type, a->hash);
	st = audit_log("attach", number, detail);
	free(detail);
	return st;
}

struct adding {
	const char *number;
	attach_file *a;
};

static af_status add_txn(void *ctx)
{
	struct adding *x = ctx;
	int64_t id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", x->number);
	int64_t applicant = db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1", "I", id);

	if (!id)
		return af_fail(AF_INVALID, "%s: no such request", x->number);
	if (applicant != me.id && !auth_can("view_all") &&
	    !db_int(0, "SELECT 1 FROM tasks WHERE request_id = ?1 AND assignee_id = ?2 AND state = 'pending'",
		    "II", id, me.id))
		return af_fail(AF_DENIED, "%s: only its applicant, an approver it waits for or an admin may attach"
			       " files", x->number);
	return store(id, x->number, NULL, x->a);
}

af_status attach_read(const char *path, attach_file *a)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;

	memset(a, 0, sizeof *a);
	if (!*name || has_control_chars(name) || utf8_invalid_at(name, strlen(name)) >= 0)
		return af_fail(AF_INVALID, "%s: the file's name must be UTF-8 text without control characters", path);
	if (!(a->data = read_whole(path, &a->len)))
		return AF_INVALID;
	a->name = xstrdup(name);
	sha256_hex(a->data, a->len, a->hash);
	a->type = attach_sniff(a->data, a->len, a->name);
	return AF_OK;
}

void attach_file_free(attach_file *a)
{
	free(a->data);
	free(a->name);
	memset(a, 0, sizeof *a);
}

af_status attach_add(const char *number, const char *path, int *n)
{
	attach_file a;
	struct adding x = { number, &a };
	af_status st;

	if ((st = attach_read(path, &a)) != AF_OK)
		return st;
	st = db_transact(add_txn, &x);
	if (st == AF_OK && n)
		*n = a.n;
	attach_file_free(&a);
	return st;
}

af_status attach_fields_read(const form_def *f, const engine_input *in, int n, engine_input **in_out,
			     attach_file **files)
{
	engine_input *copy = xcalloc((size_t)n + 1, sizeof *copy);
	attach_file *got = xcalloc((size_t)n + 1, sizeof *got);

	for (int i = 0; i < n; i++) {
		const form_field *fd = formdef_field(f, in[i].name);

		copy[i] = in[i];
		if (!fd || fd->type != FT_ATTACHMENT || !in[i].value || !*in[i].value)
			continue;
		if (attach_read(in[i].value, &got[i]) != AF_OK) {
			char *why = xstrdup(af_errmsg());

			af_fail_field(AF_INVALID, fd->name, "%s", why);
			free(why);
			attach_fields_free(copy, got, n);
			return AF_INVALID;
		}
		got[i].field = fd->name;
		copy[i].value = got[i].name; /* the request keeps the name, the database the content */
	}
	*in_out = copy;
	*files = got;
	return AF_OK;
}

af_status attach_fields_store(int64_t request_id, const char *number, attach_file *files, int n)
{
	for (int i = 0; i < n; i++) {
		af_status st;

		if (files[i].data && (st = store(request_id, number, files[i].field, &files[i])) != AF_OK) {
			char *why = xstrdup(af_errmsg());

			st = af_fail_field(st, files[i].field, "%s", why);
			free(why);
			return st;
		}
	}
	return AF_OK;
}

void attach_fields_free(engine_input *in, attach_file *files, int n)
{
	for (int i = 0; files && i < n; i++)
		attach_file_free(&files[i]);
	free(files);
	free(in);
}

/* The request's *id when the reader may see it. */
static af_status visible(const char *number, int64_t *id)
{
	*id = db_int(0, "SELECT id FROM requests WHERE number = ?1", "t", number);
	if (!*id)
		return af_fail(AF_INVALID, "%s: no such request", number);
	if (!engine_may_see(*id))
		return af_fail(AF_DENIED, "%s: not visible to %s", number, me.login);
	return AF_OK;
}

/* 1 when the attachment belongs to a sensitive field the reader may not
 * see: the one rule (engine_field_visible) that show and exports ask. */
static int hidden(int64_t request, const char *field)
{
	const form_def *f;
	const form_field *fd;
	char *form;
	int hide;

	if (!field || !*field)
		return 0;
	form = db_text("", "SELECT form FROM requests WHERE id = ?1", "I", request);
	f = formdef_find(form);
	fd = f ? formdef_field(f, field) : NULL;
	hide = fd && !engine_field_visible(fd, db_int(0, "SELECT applicant_id FROM requests WHERE id = ?1",
						       "I", request));
	free(form);
	return hide;
}

af_status attach_list(const char *number, attach_info **v, int *nv)
{
	int64_t id;
	af_status st = visible(number, &id);
	db_stmt s;
	int rc;

	*v = NULL;
	*nv = 0;
	if (st != AF_OK)
		return st;
	db_prepare(&s, "SELECT t.n, t.name, b.type, t.sha256, b.size, coalesce(t.field, '') FROM attachments t"
		   " JOIN attachment_blobs b ON b.sha256 = t.sha256 WHERE t.request_id = :id ORDER BY t.n");
	db_bind_int(&s, ":id", id);
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		attach_info *a;

		*v = xrealloc(*v, (size_t)(*nv + 1) * sizeof **v);
		a = &(*v)[(*nv)++];
		a->n = (int)db_col_int(&s, 0);
		a->hidden = hidden(id, db_col_text(&s, 5));
		a->name = xstrdup(a->hidden ? "******" : db_col_text(&s, 1));
		a->type = xstrdup(db_col_text(&s, 2));
		a->sha256 = xstrdup(db_col_text(&s, 3));
		a->size = db_col_int(&s, 4);
	}
	db_done(&s);
	return rc == SQLITE_DONE ? AF_OK : db_fail();
}

void attach_list_free(attach_info *v, int nv)
{
	for (int i = 0; i < nv; i++) {
		free(v[i].name);
		free(v[i].type);
		free(v[i].sha256);
	}
	free(v);
}

af_status attach_write(const char *number, int n, FILE *out)
{
	int64_t id;
	af_status st = visible(number, &id);
	db_stmt s;

	if (st != AF_OK)
		return st;
	db_prepare(&s, "SELECT b.content, b.size, coalesce(t.field, '') FROM attachments t"
		   " JOIN attachment_blobs b ON b.sha256 = t.sha256 WHERE t.request_id = :id AND t.n = :n");
	db_bind_int(&s, ":id", id);
	db_bind_int(&s, ":n", n);
	if (db_step(&s) != SQLITE_ROW) {
		st = af_fail(AF_INVALID, "%s: no attachment %d (`attachment %s` lists them)", number, n, number);
	} else if (hidden(id, db_col_text(&s, 2))) {
		st = af_fail(AF_DENIED, "%s: attachment %d belongs to a sensitive field", number, n);
	} else {
		const void *p = sqlite3_column_blob(s.st, 0);
		size_t len = (size_t)sqlite3_column_bytes(s.st, 0);

		if (len && fwrite(p, 1, len, out) != len)
			st = af_fail(AF_ERROR, "attachment: write failed: %s", strerror(errno));
	}
	db_done(&s);
	return st;
}

af_status attach_verify(int64_t *count)
{
	db_stmt s;
	af_status st = AF_OK;
	int rc;

	*count = 0;
	db_prepare(&s, "SELECT sha256, content FROM attachment_blobs ORDER BY sha256");
	while ((rc = db_step(&s)) == SQLITE_ROW) {
		char hex[65];

		sha256_hex(sqlite3_column_blob(s.st, 1), (size_t)sqlite3_column_bytes(s.st, 1), hex);
		++*count;
		if (strcmp(hex, db_col_text(&s, 0)) != 0) {
			st = af_fail(AF_ERROR, "audit: attachment content %.12s... does not match its SHA-256"
				     " (changed behind the program's back)", db_col_text(&s, 0));
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = db_fail();
	db_done(&s);
	return st;
}

struct saving {
	const char *number;
	int n;
};

static af_status write_saving(void *ctx, FILE *out)
{
	const struct saving *sv = ctx;

	return attach_write(sv->number, sv->n, out);
}

af_status attach_save(const char *number, int n, const char *path, int force)
{
	struct saving sv = { number, n };
	struct stat st;
	mode_t old;
	af_status rc;

	if (!force && lstat(path, &st) == 0)
		return af_fail(AF_CONFLICT, "%s: exists; --force replaces it", path);
	/* 0600: what was attached to a request is not for everyone on the host */
	old = umask(077);
	rc = af_write_file(path, write_saving, &sv);
	umask(old);
	return rc;
}
