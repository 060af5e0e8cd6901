import CNCursesw
import Foundation

/// The seam between the runtime and a real (or fake) terminal.
///
/// All calls happen on the one thread that runs the ``Runtime`` loop. `CursesTerminal` talks
/// to ncursesw; ``HeadlessTerminal`` keeps the last frame in memory for tests.
///
/// ```swift
/// let term: Terminal = ProcessInfo.processInfo.environment["HEADLESS"] != nil
///     ? HeadlessTerminal(size: Size(width: 80, height: 24)) : CursesTerminal()
/// ```
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Enters full-screen mode. Called once by the runtime before the first frame.
    func start() throws
    /// Shows a frame (the canvas should have the terminal's current size).
    func draw(_ canvas: Canvas)
    /// Blocks until there is input, `wakeFD` becomes readable, or `timeout` seconds pass
    /// (`nil`: no timeout). Returns the events read, possibly none. Must not busy-wait.
    func waitForEvents(timeout: Double?, wakeFD: Int32) -> [TerminalEvent]
    /// Suspends the process like Ctrl-Z in a shell, restoring the terminal meanwhile, and
    /// returns after the process is continued.
    func suspend()
    /// Leaves full-screen mode and restores the terminal. Idempotent: safe to call twice,
    /// or without `start()`.
    func stop()
}

/// What a terminal reports to the runtime: input, or a signal asking the program to end.
///
/// ```swift
/// case .input(.key(.enter))
/// case .terminate(SIGTERM)
/// ```
public enum TerminalEvent: Hashable, Sendable {
    /// Keys, pastes and resizes.
    case input(InputEvent)
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived.
    case terminate(Int32)
}

/// An in-memory terminal for tests: feed it events, read back the frames the runtime drew.
/// Thread-safe: tests run the runtime on another thread and talk to the terminal from theirs.
///
/// ```swift
/// let term = HeadlessTerminal(size: Size(width: 40, height: 10))
/// let task = Task { try await runtime.run(on: term) }
/// term.send(.key(.down), .key(.char("q")))
/// XCTAssertTrue(term.waitForScreen(timeout: 2) { $0.contains("item 2") })
/// ```
public final class HeadlessTerminal: Terminal, @unchecked Sendable {
    private let lock = NSCondition()
    private var queue: [TerminalEvent] = []
    private var _size: Size
    private var _screen: Canvas
    private var _frames = 0
    private var _started = false
    private var _stopped = false
    private var pipeFDs: [Int32] = [-1, -1]

    /// A terminal of the given size.
    ///
    /// ```swift
    /// HeadlessTerminal(size: Size(width: 20, height: 5))
    /// ```
    public init(size: Size) {
        _size = size
        _screen = Canvas(size: size)
        pipeFDs.withUnsafeMutableBufferPointer { _ = tk_pipe($0.baseAddress!) }
    }

    deinit {
        for fd in pipeFDs where fd >= 0 { close(fd) }
    }

    /// The current size.
    public var size: Size { lock.lock(); defer { lock.unlock() }; return _size }

    /// The last frame drawn.
    ///
    /// ```swift
    /// term.screen.lines()
    /// ```
    public var screen: Canvas { lock.lock(); defer { lock.unlock() }; return _screen }

    /// How many frames have been drawn.
    public var frameCount: Int { lock.lock(); defer { lock.unlock() }; return _frames }

    /// True after `start()` was called and before `stop()`.
    public var isActive: Bool { lock.lock(); defer { lock.unlock() }; return _started && !_stopped }

    /// True once `stop()` has been called.
    public var wasStopped: Bool { lock.lock(); defer { lock.unlock() }; return _stopped }

    /// Queues input events (wakes the loop).
    ///
    /// ```swift
    /// term.send(.key(.char("/")), .key(.char("x")))
    /// ```
    public func send(_ events: InputEvent...) { enqueue(events.map { .input($0) }) }

    /// Types each character of `text` as a key press.
    ///
    /// ```swift
    /// term.type("prod")
    /// ```
    public func type(_ text: String) { enqueue(text.map { .input(.key(.char($0))) }) }

    /// Simulates a signal such as SIGTERM.
    ///
    /// ```swift
    /// term.signal(SIGTERM)
    /// ```
    public func signal(_ sig: Int32) { enqueue([.terminate(sig)]) }

    /// Changes the size and queues a resize event.
    ///
    /// ```swift
    /// term.resize(to: Size(width: 30, height: 8))
    /// ```
    public func resize(to s: Size) {
        lock.lock(); _size = s; lock.unlock()
        enqueue([.input(.resize(s))])
    }

    private func enqueue(_ evs: [TerminalEvent]) {
        lock.lock(); queue.append(contentsOf: evs); lock.unlock()
        tk_poke(pipeFDs[1])
    }

    /// Waits until `condition` holds for the text of the screen (lines joined by newlines),
    /// or the timeout passes. Returns whether it held. Never sleeps a fixed time: it wakes on
    /// every drawn frame.
    ///
    /// ```swift
    /// XCTAssertTrue(term.waitForScreen { $0.contains("Saved") })
    /// ```
    public func waitForScreen(timeout: Double = 5, _ condition: (String) -> Bool) -> Bool {
        waitForFrame(timeout: timeout) { canvas, _ in condition(canvas.lines().joined(separator: "\n")) }
    }

    /// Waits until `condition` holds for the last frame and the number of frames drawn so far,
    /// or the timeout passes. The condition runs outside the terminal's lock, so it may use
    /// the terminal's other properties.
    ///
    /// ```swift
    /// XCTAssertTrue(term.waitForFrame { canvas, _ in canvas.styleLines()[1].hasPrefix("R") })
    /// ```
    public func waitForFrame(timeout: Double = 5, _ condition: (Canvas, Int) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        while true {
            let (screen, frames) = (_screen, _frames)
            lock.unlock()
            if condition(screen, frames) { return true }
            lock.lock()
            if _frames == frames {
                if !lock.wait(until: deadline) && _frames == frames {
                    lock.unlock()
                    return false
                }
            }
        }
    }

    /// Waits until the terminal has been stopped (the program ended) or the timeout passes.
    ///
    /// ```swift
    /// XCTAssertTrue(term.waitUntilStopped())
    /// ```
    public func waitUntilStopped(timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock(); defer { lock.unlock() }
        while !_stopped { if !lock.wait(until: deadline) { return _stopped } }
        return true
    }

    /// Marks the terminal started.
    public func start() throws { lock.lock(); _started = true; lock.unlock() }

    /// Stores the frame and wakes anyone in ``waitForScreen(timeout:_:)``.
    public func draw(_ canvas: Canvas) {
        lock.lock(); _screen = canvas; _frames += 1; lock.broadcast(); lock.unlock()
    }

    /// Returns queued events, or waits on its own pipe and `wakeFD` with `poll()`.
    public func waitForEvents(timeout: Double?, wakeFD: Int32) -> [TerminalEvent] {
        lock.lock()
        if !queue.isEmpty {
            let q = queue; queue.removeAll(); lock.unlock()
            tk_drain(pipeFDs[0])
            return q
        }
        lock.unlock()
        let ms = timeout.map { Int32(max(0, min(Double(Int32.max), ($0 * 1000).rounded(.up)))) } ?? -1
        _ = tk_poll3(pipeFDs[0], wakeFD, -1, ms)
        tk_drain(pipeFDs[0])
        lock.lock(); defer { lock.unlock() }
        let q = queue; queue.removeAll()
        return q
    }

    /// Does nothing (a headless terminal cannot be suspended).
    public func suspend() {}

    /// Marks the terminal stopped (idempotent).
    public func stop() { lock.lock(); _stopped = true; lock.broadcast(); lock.unlock() }
}
