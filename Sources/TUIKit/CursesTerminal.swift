import CNCursesw
import Foundation

/// Errors from starting a terminal.
///
/// ```swift
/// do { try term.start() } catch TerminalError.notATerminal { print("needs a tty") }
/// ```
public enum TerminalError: Error, Sendable, Equatable {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// `newterm` failed (e.g. unknown `TERM`); the terminal was not changed.
    case initFailed(String)
}

/// The ncursesw terminal: alternate screen, raw keys, no echo, keypad decoding, a short ESC
/// delay, colours on the terminal's default background (none when `NO_COLOR` is set), a hidden
/// cursor unless a canvas asks for one, bracketed paste, resize via SIGWINCH/`KEY_RESIZE`, and
/// signal handling: SIGINT/SIGTERM/SIGHUP/SIGQUIT end the program cleanly, SIGTSTP suspends
/// and SIGCONT redraws. The terminal is restored by ``stop()`` (idempotent), at `exit()`, and on
/// fatal signals.
///
/// All curses calls are made on the thread that runs the ``Runtime`` loop; ncurses is not
/// thread-safe. Input is read by `poll()` on fd 0 plus a wake-up pipe, then `get_wch` in
/// no-delay mode, so an idle program uses no CPU.
///
/// ```swift
/// let term = CursesTerminal()
/// let reason = try await runtime.run(on: term)
/// ```
public final class CursesTerminal: Terminal, @unchecked Sendable {
    /// Milliseconds ncurses waits after ESC for the rest of an escape sequence.
    public var escapeDelay: Int32
    /// Whether colours are used (false when `NO_COLOR` is set and not empty).
    public let colorsEnabled: Bool
    /// Whether to ask the terminal for bracketed paste (`ESC [ ? 2004 h`).
    public var bracketedPaste: Bool

    private var active = false
    private var screen: OpaquePointer?
    private var hasColor = false
    private var pairs: [UInt32: Int16] = [:]
    private var nextPair: Int32 = 1
    private var previous: Canvas?
    private var sigPipe: [Int32] = [-1, -1]
    private static let pasteBegin: Int32 = KEY_MAX + 1
    private static let pasteEnd: Int32 = KEY_MAX + 2
    private var decoder = PasteDecoder(beginCode: CursesTerminal.pasteBegin, endCode: CursesTerminal.pasteEnd)
    /// The last read stopped at ``maxBatch`` with input still buffered in curses.
    private var moreBuffered = false
    /// At most this many units are read per ``waitForEvents(timeout:wakeFD:)``, so signals (and
    /// the runtime's timers and messages) are seen between batches of a long paste.
    static let maxBatch = 65536
    /// How long an ESC that may begin a split paste marker waits for the rest (ms).
    static let markerWait: Int32 = 100

    /// Creates a curses terminal (nothing happens until ``start()``).
    ///
    /// ```swift
    /// let term = CursesTerminal(escapeDelay: 25)
    /// ```
    public init(escapeDelay: Int32 = 25, bracketedPaste: Bool = true,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.escapeDelay = escapeDelay
        self.bracketedPaste = bracketedPaste
        self.colorsEnabled = (environment["NO_COLOR"] ?? "").isEmpty
    }

    deinit { stop() }

    /// The screen size from curses (or the tty before start).
    public var size: Size {
        if active { return Size(width: Int(tk_cols()), height: Int(tk_lines())) }
        var r: Int32 = 0, c: Int32 = 0
        tk_winsize(1, &r, &c)
        return Size(width: Int(c), height: Int(r))
    }

    /// Enters curses mode. Throws if stdin/stdout is not a terminal.
    public func start() throws {
        if active { return }
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        _ = tk_setlocale_utf8()
        tk_set_escdelay(escapeDelay)
        // newterm (unlike initscr) returns NULL instead of exiting when TERM is unknown.
        guard let out = fdopen(1, "w"), let inp = fdopen(0, "r") else { throw TerminalError.initFailed("fdopen") }
        guard let scr = newterm(nil, out, inp) else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw TerminalError.initFailed("cannot use terminal type '\(term)'")
        }
        _ = set_term(scr)
        screen = scr
        active = true
        tk_set_curses_active(1)
        tk_install_atexit()
        _ = raw(); _ = noecho(); _ = nonl()
        _ = keypad(tk_stdscr(), true)
        _ = nodelay(tk_stdscr(), true)
        _ = curs_set(0)
        if colorsEnabled && has_colors() {
            _ = start_color()
            _ = use_default_colors()
            hasColor = true
        }
        // Home/End arrive in several spellings depending on the terminal and TERM mismatches
        // (e.g. TERM=xterm inside tmux); accept them all.
        for (seq, code) in [("\u{1b}[1~", KEY_HOME), ("\u{1b}[7~", KEY_HOME), ("\u{1b}[H", KEY_HOME), ("\u{1b}OH", KEY_HOME),
                            ("\u{1b}[4~", KEY_END), ("\u{1b}[8~", KEY_END), ("\u{1b}[F", KEY_END), ("\u{1b}OF", KEY_END),
                            ("\u{1b}[Z", KEY_BTAB)] {
            _ = define_key(seq, code)
        }
        if bracketedPaste {
            _ = define_key("\u{1b}[200~", CursesTerminal.pasteBegin)
            _ = define_key("\u{1b}[201~", CursesTerminal.pasteEnd)
            writeRaw("\u{1b}[?2004h")
        }
        sigPipe.withUnsafeMutableBufferPointer { _ = tk_pipe($0.baseAddress!) }
        tk_install_signal_handlers(sigPipe[1])
        previous = nil
    }

    /// Restores the terminal (idempotent; also safe if ``start()`` never ran).
    public func stop() {
        guard active else { return }
        active = false
        if bracketedPaste { writeRaw("\u{1b}[?2004l") }
        _ = curs_set(1)
        _ = endwin()
        if let scr = screen { delscreen(scr); screen = nil }
        tk_set_curses_active(0)
        tk_restore_signal_handlers()
        for fd in sigPipe where fd >= 0 { close(fd) }
        sigPipe = [-1, -1]
    }

    /// Ctrl-Z: restores the terminal, stops the process, and redraws after `fg`.
    public func suspend() {
        guard active else { return }
        if bracketedPaste { writeRaw("\u{1b}[?2004l") }
        _ = endwin()
        tk_stop_self()
        // Continued: raw mode first, so keys typed right after `fg` are not cooked by the tty.
        _ = reset_prog_mode()
        if bracketedPaste { writeRaw("\u{1b}[?2004h") }
        var r: Int32 = 0, c: Int32 = 0
        tk_winsize(1, &r, &c)
        if r > 0 && c > 0 { _ = resizeterm(r, c) }
        _ = CNCursesw.refresh()
        previous = nil
    }

    /// Draws the canvas: only cells that changed since the last frame are sent to curses,
    /// which then sends only what changed on screen.
    public func draw(_ canvas: Canvas) {
        guard active else { return }
        let rows = Int(tk_lines()), cols = Int(tk_cols())
        var full = false
        if previous == nil || previous!.size != canvas.size { _ = erase(); full = true }
        var buf = [wchar_t](repeating: 0, count: 8)
        for y in 0..<min(rows, canvas.height) {
            for x in 0..<min(cols, canvas.width) {
                let cell = canvas[x, y]
                if cell.width == 0 { continue }
                if !full, let p = previous, p[x, y] == cell {
                    // A wide cell's continuation may have changed; it is compared with its lead.
                    continue
                }
                if cell.width == 2 && x + 1 >= cols { continue }
                let (attrs, pair) = cursesStyle(cell.style)
                let scalars = Array(cell.grapheme.unicodeScalars)
                if cell.width == 2, let first = scalars.first, tk_wcwidth(first.value) == 1 {
                    // A cluster we count as wide but the C library (and so curses) as narrow,
                    // e.g. a flag: give curses two narrow cells so both agree on the columns.
                    buf[0] = wchar_t(bitPattern: first.value)
                    _ = tk_add_cell(Int32(y), Int32(x), buf, 1, attrs, pair)
                    let second = scalars.count > 1 && tk_wcwidth(scalars[1].value) == 1 ? scalars[1].value : 32
                    buf[0] = wchar_t(bitPattern: second)
                    _ = tk_add_cell(Int32(y), Int32(x + 1), buf, 1, attrs, pair)
                    continue
                }
                var n: Int32 = 0
                for s in cell.grapheme.unicodeScalars.prefix(7) {
                    buf[Int(n)] = wchar_t(bitPattern: s.value); n += 1
                }
                if n == 0 { buf[0] = 32; n = 1 }
                _ = tk_add_cell(Int32(y), Int32(x), buf, n, attrs, pair)
            }
        }
        if let c = canvas.cursor, c.x >= 0, c.y >= 0, c.x < cols, c.y < rows {
            _ = curs_set(1)
            _ = move(Int32(c.y), Int32(c.x))
        } else {
            _ = curs_set(0)
        }
        _ = CNCursesw.refresh()
        previous = canvas
    }

    private func cursesStyle(_ s: Style) -> (attr_t, Int16) {
        var a = tk_a_normal()
        if s.attributes.contains(.bold) { a |= tk_a_bold() }
        if s.attributes.contains(.dim) { a |= tk_a_dim() }
        if s.attributes.contains(.underline) { a |= tk_a_underline() }
        if s.attributes.contains(.reverse) { a |= tk_a_reverse() }
        if s.attributes.contains(.italic) { a |= tk_a_italic() }
        guard hasColor, s.fg != .default || s.bg != .default else { return (a, 0) }
        let f = colorNumber(s.fg), b = colorNumber(s.bg)
        let key = UInt32(UInt16(bitPattern: f)) << 16 | UInt32(UInt16(bitPattern: b))
        if let p = pairs[key] { return (a, p) }
        guard nextPair < min(tk_color_pairs(), 32767) else { return (a, 0) }
        let p = Int16(nextPair)
        nextPair += 1
        _ = init_pair(p, f, b)
        pairs[key] = p
        return (a, p)
    }

    private func colorNumber(_ c: Color) -> Int16 {
        switch c {
        case .default: return -1
        case .indexed(let i):
            let n = Int32(i), colors = tk_colors()
            if n < colors { return Int16(n) }
            if n < 16 { return Int16(n - 8) }     // bright -> normal on 8-colour terminals
            return 7
        }
    }

    /// Waits with `poll()` on the tty, the signal pipe and `wakeFD`; then reads every key
    /// curses has (no-delay `get_wch`).
    public func waitForEvents(timeout: Double?, wakeFD: Int32) -> [TerminalEvent] {
        guard active else { return [] }
        var ms = timeout.map { Int32(max(0, min(Double(Int32.max), ($0 * 1000).rounded(.up)))) } ?? -1
        if moreBuffered { ms = 0 }   // curses holds input that poll() cannot see
        let ready = tk_poll3(0, sigPipe[0], wakeFD, ms)
        var events: [TerminalEvent] = []
        var inputs: [InputEvent] = []
        if ready > 0 && (ready & 2) != 0 { tk_drain(sigPipe[0]) }
        let sigs = tk_take_signals()
        if sigs != 0 {
            if sigs & (tk_sigint_bit() | tk_sigterm_bit() | tk_sighup_bit() | tk_sigquit_bit()) != 0 {
                let s: Int32 = (sigs & tk_sigterm_bit()) != 0 ? SIGTERM
                    : (sigs & tk_sighup_bit()) != 0 ? SIGHUP
                    : (sigs & tk_sigquit_bit()) != 0 ? SIGQUIT : SIGINT
                events.append(.terminate(s))
            }
            if sigs & tk_sigtstp_bit() != 0 {
                suspend()
                events.append(.input(.resize(size)))
            } else if sigs & tk_sigcont_bit() != 0 {
                _ = clearok(tk_stdscr(), true)
                previous = nil
                events.append(.input(.resize(size)))
            }
            if sigs & tk_sigwinch_bit() != 0 {
                var r: Int32 = 0, c: Int32 = 0
                tk_winsize(1, &r, &c)
                if r > 0 && c > 0 { _ = resizeterm(r, c) }   // queues KEY_RESIZE, read below
                previous = nil
            }
        }
        // Read what curses has (its own buffer may hold more than poll() shows), at most
        // maxBatch units: signals are checked again before the next batch.
        var ch: wint_t = 0
        var n = 0
        moreBuffered = false
        while true {
            if n >= CursesTerminal.maxBatch { moreBuffered = true; break }
            let rc = tk_get_wch(&ch)
            if rc == tk_err() {
                // An ESC that may start a split paste marker: give the rest a moment to arrive.
                if decoder.hasPending, tk_poll3(0, -1, -1, CursesTerminal.markerWait) > 0 { continue }
                decoder.flush(into: &inputs)
                break
            }
            n += 1
            let isKey = rc == tk_key_code_yes()
            let code = UInt32(ch)
            if isKey && Int32(bitPattern: code) == KEY_RESIZE {
                previous = nil
                let s = size
                if !events.contains(.input(.resize(s))) { events.append(.input(.resize(s))) }
                continue
            }
            decoder.feed(isKey ? .code(Int32(bitPattern: code)) : .char(code), into: &inputs)
            if decoder.inPaste { n += readPasteDirectly(into: &inputs) }
            if !inputs.isEmpty { events += inputs.map { .input($0) }; inputs.removeAll(keepingCapacity: true) }
        }
        events += inputs.map { .input($0) }
        return events
    }

    /// Inside a paste, bytes are read from the tty directly, 64 KiB at a time: curses reads one
    /// byte per `read(2)` and matches each against its key table, which made a megabyte take
    /// seconds. Curses holds nothing at this point (it reads byte by byte, and the marker just
    /// matched in full). Stops at the end marker — the bytes after it go back to curses
    /// (`ungetch`) so it decodes them as keys — when no more input is ready, or after
    /// ``maxBatch`` bytes (so signals are seen). Returns the bytes consumed.
    private func readPasteDirectly(into inputs: inout [InputEvent]) -> Int {
        var total = 0
        var buf = [UInt8](repeating: 0, count: 65536)
        while decoder.inPaste && total < CursesTerminal.maxBatch {
            guard tk_poll3(0, -1, -1, 0) & 1 != 0 else { break }
            let got = buf.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if got <= 0 { break }
            total += got
            var bytes = utf8Leftover + buf[0..<got]
            // A multi-byte character cut at the end of the read waits for the next one.
            var cut = bytes.count
            var back = 0
            while back < 3, cut - back - 1 >= 0, bytes[cut - back - 1] & 0xC0 == 0x80 { back += 1 }
            if cut - back - 1 >= 0 {
                let lead = bytes[cut - back - 1]
                let need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                if need > back + 1 { cut = cut - back - 1 }
            }
            utf8Leftover = Array(bytes[cut...])
            bytes.removeSubrange(cut...)
            var rest: ArraySlice<UInt8> = []
            var offset = 0
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                offset += scalar.utf8.count
                decoder.feed(.char(scalar.value), into: &inputs)
                if !decoder.inPaste { rest = bytes[min(offset, bytes.count)...]; break }
            }
            if !decoder.inPaste {
                let after = Array(rest) + utf8Leftover
                utf8Leftover = []
                if after.count <= 100 {
                    for b in after.reversed() { _ = ungetch(Int32(b)) }
                } else {
                    for scalar in String(decoding: after, as: UTF8.self).unicodeScalars { decoder.feed(.char(scalar.value), into: &inputs) }
                }
            }
        }
        return total
    }

    private var utf8Leftover: [UInt8] = []

    private func writeRaw(_ s: String) {
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
    }
}
