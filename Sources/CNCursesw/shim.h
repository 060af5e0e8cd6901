#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* Wide-character ncurses: these must be defined before curses.h. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <curses.h>

/* ncurses globals (stdscr, LINES, COLS, COLORS, ESCDELAY) are mutable C globals that Swift 6
   strict concurrency will not touch directly: read and write them through these accessors. */
static inline WINDOW *tk_stdscr(void) { return stdscr; }
static inline int tk_lines(void) { return LINES; }
static inline int tk_cols(void) { return COLS; }
static inline int tk_colors(void) { return COLORS; }
static inline int tk_color_pairs(void) { return COLOR_PAIRS; }
static inline void tk_set_escdelay(int ms) { set_escdelay(ms); }
static inline int tk_key_resize(void) { return KEY_RESIZE; }
static inline int tk_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tk_err(void) { return ERR; }
static inline int tk_ok(void) { return OK; }

/* Attribute constants are macros built from NCURSES_BITS, which Swift cannot import. */
static inline attr_t tk_a_normal(void) { return A_NORMAL; }
static inline attr_t tk_a_bold(void) { return A_BOLD; }
static inline attr_t tk_a_dim(void) { return A_DIM; }
static inline attr_t tk_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tk_a_reverse(void) { return A_REVERSE; }
static inline attr_t tk_a_italic(void) { return A_ITALIC; }

/* setcchar takes a wchar_t string; wrap it so Swift passes an array of code points. */
static inline int tk_mvadd_wstr_cell(int y, int x, const wchar_t *wstr, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, wstr, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &c);
}
static inline int tk_get_wch(wint_t *out) { return get_wch(out); }

/* ---- TUIKit additions ------------------------------------------------------------------ */
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <langinfo.h>

static inline attr_t tk_color_pair(int n) { return COLOR_PAIR(n); }

/* The C library's wcwidth (what curses uses to place the cursor), for agreement tests. */
extern int wcwidth(wchar_t c);
static inline int tk_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
static inline int tk_curses_key_f0(void) { return KEY_F0; }

/* Draws one cell: a spacing character plus combining characters. If curses refuses the
   whole cluster (e.g. an emoji ZWJ sequence), falls back to its first character. */
static inline int tk_add_cell(int y, int x, const wchar_t *w, int n, attr_t attrs, short pair) {
    wchar_t buf[CCHARW_MAX + 1];
    int k = n < CCHARW_MAX ? n : CCHARW_MAX;
    for (int i = 0; i < k; i++) buf[i] = w[i];
    buf[k] = 0;
    cchar_t c;
    if (setcchar(&c, buf, attrs, pair, NULL) != OK) {
        buf[1] = 0;
        if (setcchar(&c, buf, attrs, pair, NULL) != OK) {
            buf[0] = L'?';
            if (setcchar(&c, buf, attrs, pair, NULL) != OK) return ERR;
        }
    }
    return mvadd_wch(y, x, &c);
}

/* Makes sure LC_CTYPE is a UTF-8 locale (wide curses output needs one). Returns 1 if the
   environment's locale is UTF-8 or C.UTF-8 could be set, else 0. */
static inline int tk_setlocale_utf8(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8") || setlocale(LC_CTYPE, "en_US.UTF-8")) return 1;
    return 0;
}

/* Terminal size from the tty (0 if unknown). */
static inline void tk_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) { *rows = ws.ws_row; *cols = ws.ws_col; }
    else { *rows = 0; *cols = 0; }
}

/* ---- Signals: the handlers only record the signal and write one byte to a pipe; the UI
   thread reads the pipe and acts (async-signal-safe). ---- */
static volatile int tk_sig_fd = -1;
static volatile unsigned int tk_sig_pending = 0;
static volatile int tk_curses_active = 0;

static inline unsigned int tk_sig_bit(int s) {
    switch (s) {
    case SIGWINCH: return 1u; case SIGINT: return 2u; case SIGTERM: return 4u;
    case SIGHUP: return 8u; case SIGTSTP: return 16u; case SIGCONT: return 32u;
    case SIGQUIT: return 64u;
    default: return 0u;
    }
}
static inline unsigned int tk_sigwinch_bit(void) { return 1u; }
static inline unsigned int tk_sigint_bit(void) { return 2u; }
static inline unsigned int tk_sigterm_bit(void) { return 4u; }
static inline unsigned int tk_sighup_bit(void) { return 8u; }
static inline unsigned int tk_sigtstp_bit(void) { return 16u; }
static inline unsigned int tk_sigcont_bit(void) { return 32u; }
static inline unsigned int tk_sigquit_bit(void) { return 64u; }

static void tk_on_signal(int s) {
    int saved = errno;
    __atomic_fetch_or(&tk_sig_pending, tk_sig_bit(s), __ATOMIC_SEQ_CST);
    if (tk_sig_fd >= 0) { char b = 's'; ssize_t r = write(tk_sig_fd, &b, 1); (void)r; }
    errno = saved;
}

/* Fatal signals: put the terminal back, then die the normal way. */
static void tk_on_fatal(int s) {
    if (tk_curses_active) { endwin(); tk_curses_active = 0; }
    signal(s, SIG_DFL);
    raise(s);
}

static inline void tk_install_signal_handlers(int fd) {
    tk_sig_fd = fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tk_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    struct sigaction fa;
    memset(&fa, 0, sizeof fa);
    fa.sa_handler = tk_on_fatal;
    sigemptyset(&fa.sa_mask);
    fa.sa_flags = SA_RESETHAND;
    int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaction(fatal[i], &fa, NULL);
}

static inline void tk_restore_signal_handlers(void) {
    tk_sig_fd = -1;
    int sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT,
                   SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}

static inline unsigned int tk_take_signals(void) {
    return __atomic_exchange_n(&tk_sig_pending, 0u, __ATOMIC_SEQ_CST);
}

/* Stops the process the way Ctrl-Z would (call after endwin); returns after SIGCONT. */
static inline void tk_stop_self(void) {
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);
    sigset_t set, prev;
    sigemptyset(&set); sigaddset(&set, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &set, &prev);
    kill(getpid(), SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &prev, NULL);
    sigaction(SIGTSTP, &old, NULL);
}

static inline void tk_set_curses_active(int on) { tk_curses_active = on; }
static inline int tk_get_curses_active(void) { return tk_curses_active; }

/* atexit: never leave the terminal raw, even on exit() from elsewhere. */
static void tk_atexit_restore(void) {
    if (tk_curses_active) { endwin(); tk_curses_active = 0; }
}
static volatile int tk_atexit_done = 0;
static inline void tk_install_atexit(void) {
    if (!tk_atexit_done) { tk_atexit_done = 1; atexit(tk_atexit_restore); }
}

/* poll() on up to three descriptors; returns a bit mask of readable ones (1, 2, 4),
   0 on timeout, -1 on EINTR/error. timeout_ms < 0 waits forever. */
static inline int tk_poll3(int fd0, int fd1, int fd2, int timeout_ms) {
    struct pollfd p[3] = { {fd0, POLLIN, 0}, {fd1, POLLIN, 0}, {fd2, POLLIN, 0} };
    int n = poll(p, 3, timeout_ms);
    if (n < 0) return -1;
    int m = 0;
    for (int i = 0; i < 3; i++) if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) m |= (1 << i);
    return m;
}

/* A non-blocking, close-on-exec pipe. */
static inline int tk_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}
static inline void tk_drain(int fd) { char b[256]; while (read(fd, b, sizeof b) > 0) {} }
static inline void tk_poke(int fd) { char b = 'w'; ssize_t r = write(fd, &b, 1); (void)r; }
#endif
