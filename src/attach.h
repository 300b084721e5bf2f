/* Attachments kept in the database, so that an approver on another host
 * opens what the applicant attached: the content read when it is added
 * (within attachments.max_file_kb a file and attachments.max_request_kb a
 * request), its type sniffed from its first bytes and named, its SHA-256
 * kept and written into the audit row, the content stored once however
 * many requests carry it. `audit verify` checks every content against its
 * hash (attach_verify). */
#ifndef AF_ATTACH_H
#define AF_ATTACH_H

#include <stdint.h>
#include <stdio.h>
#include "engine_fields.h"
#include "formdef.h"
#include "status.h"

/* Adds path (read as the user) to request number as the next attachment;
 * *n (may be NULL) gets its place. A directory, a device, an unreadable
 * file or one over a limit: AF_INVALID naming it, nothing stored. Only the
 * applicant, an approver the request is waiting for, or an admin may. */
af_status attach_add(const char *number, const char *path, int *n);
/* A file read for storing: its name (the path's last part), content,
 * SHA-256 and sniffed type; n is its place once stored. */
typedef struct {
	char *name;
	unsigned char *data;
	size_t len;
	char hash[65];
	const char *type;
	const char *field; /* the form field it came from, or NULL */
	int n;
} attach_file;
/* Reads path (as the user: a regular file within attachments.max_file_kb,
 * a UTF-8 name) into *a; AF_INVALID naming it. Freed with attach_file_free. */
af_status attach_read(const char *path, attach_file *a);
void attach_file_free(attach_file *a);
/* Submit's half of attachment fields: the file at each attachment field's
 * path is read now (before any transaction); *in_out is the input with
 * those values replaced by the files' names (the request keeps the name,
 * the database the content). AF_INVALID "field NAME: PATH: why", nothing
 * kept. Both freed with attach_fields_free(*in_out, *files, n). */
af_status attach_fields_read(const form_def *f, const engine_input *in, int n, engine_input **in_out,
			     attach_file **files);
/* ... and, inside the submit's transaction, stores them on the new
 * request (the per-request limit, the audit rows). */
af_status attach_fields_store(int64_t request_id, const char *number, attach_file *files, int n);
void attach_fields_free(engine_input *in, attach_file *files, int n);
typedef struct {
	int n;
	char *name, *type, *sha256;
	int64_t size;
	int hidden; /* a sensitive field's, the reader may not see it: name "******" */
} attach_info;
/* The attachments of a request in order; *v (count *nv) freed with
 * attach_list_free. */
af_status attach_list(const char *number, attach_info **v, int *nv);
void attach_list_free(attach_info *v, int nv);
/* Writes attachment n of request number to out. AF_DENIED where the
 * masking rules hide it. */
af_status attach_write(const char *number, int n, FILE *out);
/* Saves attachment n of request number as path: mode 0600, written whole
 * or not at all, an existing path replaced only with force (else
 * AF_CONFLICT "PATH: exists"). */
af_status attach_save(const char *number, int n, const char *path, int force);
/* Every stored content against its SHA-256: AF_OK, or AF_ERROR naming the
 * first that does not match; *count gets how many were checked. */
af_status attach_verify(int64_t *count);
/* The type of content, sniffed from its first bytes ("PDF document
 * (application/pdf)"). */
const char *attach_sniff(const unsigned char *p, size_t n, const char *name);

#endif
