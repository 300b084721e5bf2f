/* Translations of the full-screen program through glibc's gettext (no
 * extra library). Message ids are English; po/zh_CN.po holds the Chinese.
 * _() translates a literal where it is used; N_() only marks one for
 * po/adminflow.pot (a table entry, translated with _() or i18n_tr() where it
 * is shown); NC_() marks one with a context, for a word that needs a
 * different translation elsewhere (i18n_ctx() translates it). Command-line
 * messages and TSV output are never translated: scripts read them; CSV
 * headers follow the reader's language (colnames.h). */
#ifndef AF_I18N_H
#define AF_I18N_H

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define NC_(ctx, s) (s)

/* The translation of s, which may be empty or NULL (gettext("") would be
 * the catalog's header). */
static inline const char *i18n_tr(const char *s)
{
	return s && *s ? gettext(s) : s;
}

/* The translation of msgid marked with NC_(ctx, msgid); msgid itself when
 * there is none. The result is the catalog's or msgid: never freed. */
static inline const char *i18n_ctx(const char *ctx, const char *msgid)
{
	char key[256];
	const char *t;

	if (!msgid || !*msgid || snprintf(key, sizeof key, "%s\004%s", ctx, msgid) >= (int)sizeof key)
		return msgid;
	t = gettext(key);
	return t == key ? msgid : t;
}

/* 1 when the language of messages is Chinese (LC_MESSAGES starts with
 * "zh"): forms then show their own labels, otherwise their English ones. */
static inline int i18n_chinese(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	return l && strncmp(l, "zh", 2) == 0;
}

#endif
