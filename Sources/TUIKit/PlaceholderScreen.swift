import CNCursesw
import Foundation

/// Minimal ncursesw screen used by the walking skeleton. Replaced by the full toolkit.
public final class PlaceholderScreen {
    nonisolated(unsafe) private static var active = false

    public init() {}

    /// Enters the full-screen mode: locale, alternate screen, raw keys, no echo.
    public func start() {
        setlocale(LC_ALL, "")
        tk_set_escdelay(25)
        _ = initscr()
        PlaceholderScreen.active = true
        _ = raw(); _ = noecho(); _ = keypad(tk_stdscr(), true); _ = curs_set(0)
        for sig in [SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig) { s in
                if PlaceholderScreen.active { endwin() }
                _exit(128 + s)
            }
        }
    }

    /// Draws a line of text at (row, column).
    public func text(_ s: String, row: Int, col: Int, bold: Bool = false) {
        if bold { _ = attron(Int32(bitPattern: UInt32(tk_a_bold()))) }
        _ = mvaddstr(Int32(row), Int32(col), s)
        if bold { _ = attroff(Int32(bitPattern: UInt32(tk_a_bold()))) }
    }

    public var size: (rows: Int, cols: Int) { (Int(tk_lines()), Int(tk_cols())) }
    public func clear() { _ = erase() }
    public func refresh() { _ = CNCursesw.refresh() }

    /// Blocks for one key; returns the Unicode scalar or a curses key code (negated).
    public func readKey() -> Int {
        var ch: wint_t = 0
        let rc = tk_get_wch(&ch)
        if rc == tk_err() { return 0 }
        if rc == tk_key_code_yes() { return -Int(ch) }
        return Int(ch)
    }

    public func stop() {
        if PlaceholderScreen.active { endwin(); PlaceholderScreen.active = false }
    }
}
