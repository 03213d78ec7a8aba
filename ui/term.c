/* term.c: the terminal under curses: newterm on the real one or into /dev/null for the
 * scripted mode, endwin on every exit path (tig's die_callback), and the signals,
 * which write to a pipe so that the loop's one wait wakes for them. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

static volatile sig_atomic_t term_got_signal;
static volatile sig_atomic_t term_got_winch;
static int term_sig_pipe[2] = { -1, -1 };
static struct sigaction term_old_winch;
static bool term_curses_on;
static SCREEN *term_screen;
static FILE *term_null_out, *term_null_in;

/* Every exit path comes here: normal end, fatal(), exit() elsewhere, signals. */
void
term_restore(void)
{
	if (term_curses_on) {
		term_curses_on = false;
		endwin();
	}
}

static void
term_wake(void)
{
	int saved = errno;

	if (term_sig_pipe[1] != -1)
		(void)write(term_sig_pipe[1], "", 1);
	errno = saved;
}

static void
term_on_signal(int sig)
{
	term_got_signal = sig;
	term_wake();
}

/* curses' own handler notes the new size; ours wakes the loop so the KEY_RESIZE it
 * queues is read at once rather than after the wait's timeout. */
static void
term_on_winch(int sig)
{
	if ((term_old_winch.sa_flags & SA_SIGINFO) == 0 &&
	    term_old_winch.sa_handler != SIG_DFL && term_old_winch.sa_handler != SIG_IGN)
		term_old_winch.sa_handler(sig);
	term_got_winch = 1;
	term_wake();
}

/* A crash (a bug, or a stack overflowed in a library's recursion) must not leave the
 * terminal raw: curses ends, then the signal does what it would have done (a core
 * dump). endwin is not async-signal-safe, as in htop's and tig's handlers: the process
 * dies either way, and a terminal left raw is the worse outcome. */
static void
term_on_fatal(int sig)
{
	term_restore();
	raise(sig);	/* SA_RESETHAND: the default action now, SA_NODEFER: at once */
}

/* Where the fatal handler runs when the stack itself overflowed. */
static void
term_fatal_signals(void)
{
	static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	static char altstack[64 * 1024];
	struct sigaction sa;
	stack_t ss;

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = altstack;
	ss.ss_size = sizeof altstack;
	(void)sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
	for (size_t i = 0; i < sizeof fatal_sigs / sizeof fatal_sigs[0]; i++)
		sigaction(fatal_sigs[i], &sa, NULL);
}

int
term_signals(bool interactive)
{
	struct sigaction sa;

	if (pipe(term_sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(term_sig_pipe[i], F_SETFL, fcntl(term_sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(term_sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	term_fatal_signals();
	if (interactive) {
		sa.sa_handler = term_on_winch;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGWINCH, &sa, &term_old_winch);
	}
	return 0;
}

void
term_signals_end(void)
{
	if (term_sig_pipe[0] != -1) {
		close(term_sig_pipe[0]);
		close(term_sig_pipe[1]);
		term_sig_pipe[0] = term_sig_pipe[1] = -1;
	}
}

int
term_wake_fd(void)
{
	return term_sig_pipe[0];
}

void
term_drain(void)
{
	char buf[64];

	while (read(term_sig_pipe[0], buf, sizeof buf) > 0)
		;
}

int
term_signal(void)
{
	return term_got_signal;
}

bool
term_want_color(enum color_mode mode)
{
	const char *nc = getenv("NO_COLOR");

	if (mode == COLOR_NEVER)
		return false;
	if (mode == COLOR_AUTO && nc != NULL && *nc != '\0')
		return false;
	return has_colors();
}

int
term_start(bool scripted)
{
	const char *term = getenv("TERM");

	if (term == NULL || *term == '\0')
		term = "xterm";
	if (scripted) {
		/* Drawing into memory: output to /dev/null, the size from LINES/COLUMNS. */
		term_null_out = fopen("/dev/null", "w");
		term_null_in = fopen("/dev/null", "r");
		if (term_null_out == NULL || term_null_in == NULL)
			return -1;
		term_screen = newterm(term, term_null_out, term_null_in);
	} else
		term_screen = newterm(NULL, stdout, stdin);
	if (term_screen == NULL)
		return -1;
	term_curses_on = true;
	set_term(term_screen);
	cbreak();
	noecho();
	nonl();
	/* Flow control off (and the extended characters C-v, C-o): C-s and C-q would
	 * stop and restart the output instead of reaching a binding. endwin gives the
	 * shell its own modes back. */
	if (!scripted) {
		struct termios t;

		if (tcgetattr(STDIN_FILENO, &t) == 0) {
			t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
			t.c_lflag &= ~(tcflag_t)IEXTEN;
			(void)tcsetattr(STDIN_FILENO, TCSANOW, &t);
			/* Curses' own copy of the modes, which its first refresh applies. */
			def_prog_mode();
		}
	}
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	return 0;
}

void
term_end(void)
{
	term_restore();
	if (term_screen != NULL) {
		delscreen(term_screen);
		term_screen = NULL;
	}
	if (term_null_out != NULL)
		fclose(term_null_out);
	if (term_null_in != NULL)
		fclose(term_null_in);
	term_null_out = term_null_in = NULL;
}

/* Two resizes in quick succession can leave curses with the first size (its handler
 * and its size query race); the size is asked again after every SIGWINCH. */
bool
term_resized(void)
{
	struct winsize ws;

	if (!term_got_winch)
		return false;
	term_got_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	if (ws.ws_row != LINES || ws.ws_col != COLS) {
		resize_term(ws.ws_row, ws.ws_col);
		return true;
	}
	return false;
}

bool
term_hung_up(void)
{
	struct pollfd pfd;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}
