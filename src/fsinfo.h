/* What kind of filesystem holds a file, and whether its mount keeps POSIX
 * locks working between hosts. */
#ifndef AF_FSINFO_H
#define AF_FSINFO_H

typedef struct {
	char type[64];        /* "ext4", "nfs", "cifs", "fuse", ... */
	int network;          /* 1: shared between hosts (or may be) */
	char mount_point[1024];
	char source[1024];    /* what is mounted there: server:/export, //server/share, a folder */
	char options[2100];   /* mount and super options, comma-separated */
	char unsafe_option[64]; /* an option that switches off cross-host locks */
} fsinfo;

/* Fills *fi for the directory holding path: statfs for the type, then
 * mountinfo_file (NULL: /proc/self/mountinfo) for the mount's options.
 * Returns 0, or -1 when the directory cannot be examined. */
int fsinfo_probe(const char *path, const char *mountinfo_file, fsinfo *fi);

#endif
