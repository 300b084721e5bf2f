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
#include "status.h"

/* Adds path (read as the user) to request number as the next attachment;
 * *n (may be NULL) gets its place. A directory, a device, an unreadable
 * file or one over a limit: AF_INVALID naming it, nothing stored. Only the
 * applicant, an approver the request is waiting for, or an admin may. */
af_status attach_add(const char *number, const char *path, int *n);
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
/* Every stored content against its SHA-256: AF_OK, or AF_ERROR naming the
 * first that does not match; *count gets how many were checked. */
af_status attach_verify(int64_t *count);
/* The type of content, sniffed from its first bytes ("PDF document
 * (application/pdf)"). */
const char *attach_sniff(const unsigned char *p, size_t n, const char *name);

#endif
