#include "autoconf.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runcmd.h"
#include "util.h"

/* In the child: drops the group (and user) privilege, adds env, and runs
 * command through the shell; never returns. */
static _Noreturn void exec_shell(const char *command, const char *const *env)
{
	if (setgid(getgid()) != 0 || setuid(getuid()) != 0)
		_exit(126);
	for (int i = 0; env && env[i]; i++)
		putenv((char *)env[i]);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

/* 0 when the child waited for (done, from waitpid) exited with 0; -1 with
 * why saying how it ended otherwise. */
static int child_result(pid_t done, int status, char *why, size_t why_len)
{
	if (done < 0) {
		snprintf(why, why_len, "waitpid: %s", strerror(errno));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(why, why_len, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(why, why_len, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(why, why_len, "failed");
	return -1;
}

int runcmd_pipe(const char *command, const char *text, size_t len, const char *const *env,
		int64_t timeout_ms, int *stopped, char *why, size_t why_len)
{
	int fds[2], status = 0;
	int64_t start;
	pid_t pid, done;

	if (pipe(fds) != 0) {
		snprintf(why, why_len, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		if (null >= 0) {
			dup2(null, 1);
			close(null);
		}
		setpgid(0, 0);
		exec_shell(command, env);
	}
	close(fds[0]);
	{
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fds[1], text + off, len - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break; /* the command need not read it all */
			off += (size_t)w;
		}
		close(fds[1]);
		signal(SIGPIPE, old);
	}
	start = af_mono_ms();
	while ((done = waitpid(pid, &status, WNOHANG)) == 0 || (done < 0 && errno == EINTR)) {
		if (af_mono_ms() - start > timeout_ms) {
			if (stopped)
				*stopped = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			snprintf(why, why_len, "no answer within %lld ms; stopped", (long long)timeout_ms);
			return -1;
		}
		af_sleep_ms(10);
	}
	return child_result(done, status, why, why_len);
}

int runcmd_terminal(const char *command, const char *const *env, char *why, size_t why_len)
{
	int status = 0;
	pid_t pid, done;
	void (*old_int)(int), (*old_quit)(int);

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		exec_shell(command, env);
	}
	/* ^C in the viewer is the viewer's */
	old_int = signal(SIGINT, SIG_IGN);
	old_quit = signal(SIGQUIT, SIG_IGN);
	while ((done = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	signal(SIGINT, old_int);
	signal(SIGQUIT, old_quit);
	return child_result(done, status, why, why_len);
}
