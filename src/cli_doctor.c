#include "autoconf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "doctor.h"

af_status cmd_doctor(int argc, char **argv)
{
	const char *mountinfo = NULL;
	int probe = 0, wait_s = 15;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lock-probe") == 0) {
			probe = 1;
		} else if (strcmp(argv[i], "--wait") == 0 && i + 1 < argc) {
			wait_s = atoi(argv[++i]);
			if (wait_s < 1 || wait_s > 3600)
				return af_fail(AF_USAGE, "doctor: --wait: must be 1..3600 seconds");
		} else if (strcmp(argv[i], "--mountinfo") == 0 && i + 1 < argc) {
			mountinfo = argv[++i];
		} else {
			return af_fail(AF_USAGE, "usage: adminflow doctor [--lock-probe [--wait SECONDS]] "
				       "[--mountinfo FILE]");
		}
	}
	if (probe)
		return doctor_lock_probe(cfg.database, wait_s, stdout);
	return doctor_run(cfg.database, mountinfo, stdout);
}
