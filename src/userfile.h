/* Files the program opens on the user's behalf (outbox, drafts, exports,
 * printed pages, saved attachments, files to import or attach), made safe
 * for the multi-user installation, where the program runs setgid to the
 * group that owns the shared database:
 * - each is opened with that group given up (setegid to the real group),
 *   so the user reaches no file through the program that they could not
 *   reach without it; the group is taken back only to use the database
 *   (SQLite makes its journal beside the database at every write, in a
 *   folder only the group may write, so it cannot be given up for good);
 * - names the program picks are created with O_CREAT|O_EXCL|O_NOFOLLOW in
 *   a folder checked to be the user's own and writable by no one else;
 * - a file the user names (-o) is replaced only when it is a regular file
 *   the user could have written anyway: never a device, a FIFO, a folder,
 *   a symbolic link or the database itself.
 * No SQL, no ncurses. */
#ifndef AF_USERFILE_H
#define AF_USERFILE_H

#include <dirent.h>
#include <stdio.h>
#include <sys/types.h>
#include "status.h"

/* Gives up the program's group until the matching userfile_regain (calls
 * nest). Nothing when the program is not setgid. */
void userfile_drop(void);
void userfile_regain(void);
/* Gives the group up for good (the demo database is the user's own). */
void userfile_drop_for_good(void);

/* Makes dir (and its parents, mode 0700) as the user, then checks it: a
 * real folder, not a symbolic link, owned by the user, writable by no
 * group and no one else. AF_OK, or AF_DENIED naming dir and why. */
af_status userfile_dir(const char *dir);
/* Creates path (in a folder checked with userfile_dir) as the user with
 * O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC: a name that is there
 * already, a symbolic link included, fails with EEXIST. The descriptor, or
 * -1 with errno. */
int userfile_create(const char *path, mode_t mode);
/* Opens path to read as the user; O_NOFOLLOW when nofollow. NULL with
 * errno, also (EINVAL) when it is not a regular file. */
FILE *userfile_read(const char *path, int nofollow);
/* Removes path as the user; 0 or -1 with errno. */
int userfile_unlink(const char *path);
/* Renames as the user; 0 or -1 with errno. */
int userfile_rename(const char *from, const char *to);

/* Opens the folder dir to list as the user; NULL with errno. */
DIR *userfile_opendir(const char *dir);

/* Whether a file the user named may be written (replaced whole): absent
 * (its folder decides), or a regular file the user may write that is not
 * the database. AF_OK, AF_INVALID (not a regular file: device, FIFO,
 * folder, symbolic link, the database) or AF_DENIED, naming path. */
af_status userfile_target_ok(const char *path, const char *database);

/* Whether path may be opened as the database: absent, or a regular file
 * (a symbolic link to one is followed); when creating (init), also empty
 * or starting with SQLite's header. Checked before SQLite opens it, so
 * that nothing (a -journal) is made beside a device, a folder or another
 * kind of file. AF_OK, or AF_INVALID naming path and why. */
af_status userfile_database_ok(const char *path, int creating);

#endif
