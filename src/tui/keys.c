/* The key table: actions, their keys and their labels. */
#include "autoconf.h"
#include "tui/ui.h"
#include "tui/ui_int.h"

const struct ui_key ui_keys[] = {
#define UI_ROW(id, name, k1, k2, hint, help) { UI_##id, name, k1, k2, hint, help },
	UI_ACTIONS(UI_ROW)
#undef UI_ROW
	{ UI_NONE, NULL, 0, 0, NULL, NULL },
};

enum ui_action ui_action_of(int key)
{
	if (key == '\r')
		key = '\n';
	for (const struct ui_key *k = ui_keys; k->name; k++)
		if ((k->key1 && k->key1 == key) || (k->key2 && k->key2 == key))
			return k->action;
	return UI_NONE;
}

enum ui_action ui_action_in(int key, const enum ui_action *set)
{
	if (key == '\r')
		key = '\n';
	for (const struct ui_key *k = ui_keys; k->name; k++) {
		if (!((k->key1 && k->key1 == key) || (k->key2 && k->key2 == key)))
			continue;
		for (const enum ui_action *a = set; *a != UI_NONE; a++)
			if (*a == k->action)
				return k->action;
	}
	return UI_NONE;
}

const char *ui_key_label(enum ui_action a)
{
	static char buf[8][16];
	static int slot;
	char *b = buf[slot++ % 8];

	for (const struct ui_key *k = ui_keys; k->name; k++) {
		if (k->action != a)
			continue;
		if (k->key1 == '\n') snprintf(b, 16, "Enter");
		else if (k->key1 == '\t') snprintf(b, 16, "Tab");
		else if (k->key1 == 27) snprintf(b, 16, "Esc");
		else if (k->key1 == KEY_BTAB) snprintf(b, 16, "S-Tab");
		else if (k->key1 == ' ') snprintf(b, 16, "Space");
		else if (k->key1 > 0 && k->key1 < 32) snprintf(b, 16, "^%c", k->key1 + '@');
		else if (k->key1 > 32 && k->key1 < 127) snprintf(b, 16, "%c", k->key1);
		else if (k->key2 >= KEY_F(1) && k->key2 <= KEY_F(12)) snprintf(b, 16, "F%d", k->key2 - KEY_F(0));
		else snprintf(b, 16, "%s", k->name);
		return b;
	}
	return "";
}
