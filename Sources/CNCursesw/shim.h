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
#endif
