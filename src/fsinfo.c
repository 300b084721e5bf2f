#include "autoconf.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include "fsinfo.h"
#include "util.h"

static const struct {
	unsigned long magic;
	const char *name;
	int network;
} fs_magic[] = {
	{ 0x6969, "nfs", 1 },
	{ 0x517B, "smb", 1 },
	{ 0xFF534D42, "cifs", 1 },
	{ 0xFE534D42, "smb2", 1 },
	{ 0x65735546, "fuse", 1 },       /* sshfs, bindfs, ... : assume shared */
	{ 0x564c, "ncp", 1 },
	{ 0x6B414653, "afs", 1 },
	{ 0x47504653, "gpfs", 1 },
	{ 0x0BD00BD0, "lustre", 1 },
	{ 0x19830326, "fhgfs", 1 },
	{ 0x01021997, "9p", 1 },
	{ 0xEF53, "ext4", 0 },
	{ 0x58465342, "xfs", 0 },
	{ 0x9123683E, "btrfs", 0 },
	{ 0x01021994, "tmpfs", 0 },
	{ 0x794C7630, "overlayfs", 0 },
	{ 0x2FC12FC1, "zfs", 0 },
	{ 0xF2F52010, "f2fs", 0 },
};

/* Mount options known to switch off locking between hosts. */
static const char *const unsafe_options[] = {
	"nolock", "local_lock=all", "local_lock=posix", "nobrl",
};

static int has_option(const char *list, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, opt, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS */
static void read_mountinfo(const char *dir, const char *file, fsinfo *fi)
{
	FILE *f = fopen(file ? file : "/proc/self/mountinfo", "r");
	char line[4096];
	size_t best = 0;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char mp[1024], opts[1024], fstype[64], super[1024], source[1024];
		char *dash = strstr(line, " - ");
		size_t len;

		if (!dash || sscanf(line, "%*s %*s %*s %*s %1023s %1023s", mp, opts) != 2)
			continue;
		if (sscanf(dash + 3, "%63s %1023s %1023s", fstype, source, super) != 3)
			continue;
		len = strlen(mp);
		/* The longest mount point that is a prefix of dir holds it. */
		if (strncmp(dir, mp, len) != 0 || (dir[len] != '/' && dir[len] != '\0' && len > 1))
			continue;
		if (len < best)
			continue;
		best = len;
		snprintf(fi->mount_point, sizeof fi->mount_point, "%s", mp);
		snprintf(fi->source, sizeof fi->source, "%s", source);
		snprintf(fi->options, sizeof fi->options, "%s,%s", opts, super);
		if (strncmp(fstype, "fuse", 4) == 0 || strcmp(fstype, "nfs") == 0 ||
		    strcmp(fstype, "nfs4") == 0 || strcmp(fstype, "cifs") == 0 ||
		    strcmp(fstype, "smb3") == 0) {
			snprintf(fi->type, sizeof fi->type, "%s", fstype);
			fi->network = 1;
		}
	}
	fclose(f);
}

int fsinfo_probe(const char *path, const char *mountinfo_file, fsinfo *fi)
{
	char dir[PATH_MAX], resolved[PATH_MAX];
	struct statfs sf;
	const char *slash = strrchr(path, '/');

	memset(fi, 0, sizeof *fi);
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!realpath(dir, resolved) || statfs(resolved, &sf) != 0)
		return -1;
	snprintf(fi->type, sizeof fi->type, "0x%lx", (unsigned long)sf.f_type);
	for (size_t i = 0; i < sizeof fs_magic / sizeof fs_magic[0]; i++) {
		if ((unsigned long)sf.f_type == fs_magic[i].magic) {
			snprintf(fi->type, sizeof fi->type, "%s", fs_magic[i].name);
			fi->network = fs_magic[i].network;
		}
	}
	read_mountinfo(resolved, mountinfo_file, fi);
	for (size_t i = 0; i < sizeof unsafe_options / sizeof unsafe_options[0]; i++) {
		if (has_option(fi->options, unsafe_options[i])) {
			snprintf(fi->unsafe_option, sizeof fi->unsafe_option, "%s", unsafe_options[i]);
			break;
		}
	}
	return 0;
}
