import CNCursesw
import Foundation

/// Work that `update` asks the runtime to do. Side effects are values: `update` never performs
/// them itself.
///
/// ```swift
/// func update(_ s: inout AppState, _ msg: Msg) -> [Command<Msg, Effect>] {
///     switch msg {
///     case .start: return [.perform(.loadAccounts), .every(1, id: "countdown", .tick)]
///     case .loginDone: return [.cancelTimer("countdown")]
///     case .quit: return [.quit]
///     default: return []
///     }
/// }
/// ```
public enum Command<Msg: Sendable, Effect: Sendable>: Sendable {
    /// Runs the app's effect handler (``Runtime/init(state:commands:update:view:input:perform:)``)
    /// in a Swift task; it sends results back with ``Dispatcher/send(_:)``.
    case perform(Effect)
    /// Like ``perform(_:)``, but the task can be cancelled with ``cancel(_:)``; a running task
    /// with the same id is cancelled first (e.g. one device-code poller at a time).
    case performCancellable(id: String, Effect)
    /// Cancels the task started with this id (Swift task cancellation: the effect should check
    /// `Task.isCancelled` or use cancellable awaits such as `Task.sleep`).
    case cancel(String)
    /// Runs an async closure in a task and sends its result (if any) back.
    case task(@Sendable () async -> Msg?)
    /// Sends `Msg` once after the given number of seconds. A timer with the same `id`
    /// replaces the earlier one.
    case after(Double, id: String, Msg)
    /// Sends `Msg` every given number of seconds until ``cancelTimer(_:)``. Replaces a timer
    /// with the same id.
    case every(Double, id: String, Msg)
    /// Stops a timer.
    case cancelTimer(String)
    /// Sends `Msg` straight back into `update` (after the current one finishes).
    case send(Msg)
    /// Ends the program: the loop returns ``ExitReason/quit``.
    case quit
}

/// Why ``Runtime/run(on:)`` returned.
///
/// ```swift
/// if case .signal(let s) = try await runtime.run(on: CursesTerminal()) { exit(128 + s) }
/// ```
public enum ExitReason: Hashable, Sendable {
    /// A ``Command/quit`` command.
    case quit
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT (the terminal is already restored).
    case signal(Int32)
}

/// A thread-safe mailbox that lets background work send messages into the runtime loop.
/// Sending wakes the loop at once (a byte on a pipe the loop `poll()`s), so a result is
/// drawn immediately without any polling.
///
/// ```swift
/// let d = runtime.dispatcher
/// Task { let accounts = try await client.listAccounts(); d.send(.accountsLoaded(accounts)) }
/// ```
public final class Dispatcher<Msg: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Msg] = []
    let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        fds.withUnsafeMutableBufferPointer { _ = tk_pipe($0.baseAddress!) }
        readFD = fds[0]; writeFD = fds[1]
    }

    deinit { close(readFD); close(writeFD) }

    /// Queues a message for `update` and wakes the loop. Callable from any thread or task.
    ///
    /// ```swift
    /// dispatcher.send(.tokenPolled(result))
    /// ```
    public func send(_ msg: Msg) {
        lock.lock(); queue.append(msg); lock.unlock()
        tk_poke(writeFD)
    }

    func drain() -> [Msg] {
        tk_drain(readFD)
        lock.lock(); defer { lock.unlock() }
        let q = queue; queue.removeAll()
        return q
    }
}

/// The Elm-architecture runtime: one `State` value, `update(&state, msg) -> [Command]`,
/// `view(state, size) -> Canvas`, and `input(state, event) -> Msg?` to turn keys into messages.
/// The loop waits on terminal input, messages from background tasks and timers at the same
/// time (`poll()`, no busy waiting), runs `update`, then draws one frame.
///
/// Everything in the loop — `update`, `view`, every curses call — runs on one thread: the one
/// that calls ``runBlocking(on:)``, or a dedicated thread started by ``run(on:)``. Effects run
/// as Swift tasks and report back through ``dispatcher``.
///
/// ```swift
/// struct S { var count = 0 }
/// enum M: Sendable { case inc, tick, quit }
/// let rt = Runtime<S, M, Never>(
///     state: S(),
///     commands: [.every(1, id: "clock", .tick)],
///     update: { s, m in
///         switch m { case .inc, .tick: s.count += 1; return []; case .quit: return [.quit] }
///     },
///     view: { s, size in
///         var c = Canvas(size: size); c.text("count \(s.count)", at: Point(x: 0, y: 0)); return c
///     },
///     input: { _, ev in
///         if case .key(.char("q")) = ev { return .quit }
///         if case .key(.char("+")) = ev { return .inc }
///         return nil
///     })
/// let reason = try await rt.run(on: CursesTerminal())
/// ```
public final class Runtime<State, Msg: Sendable, Effect: Sendable>: @unchecked Sendable {
    /// `update(&state, msg)`: the only place state changes.
    public typealias Update = (inout State, Msg) -> [Command<Msg, Effect>]
    /// `view(state, size)`: a pure function from state to a frame of exactly `size`.
    public typealias View = (State, Size) -> Canvas
    /// `input(state, event)`: maps keys, pastes and resizes to messages (nil: ignored).
    public typealias Input = (State, InputEvent) -> Msg?
    /// Runs one effect in a task; send results with the dispatcher.
    public typealias Perform = @Sendable (Effect, Dispatcher<Msg>) async -> Void

    /// The current state (read it in tests; only `update` changes it).
    public private(set) var state: State
    /// Sends messages into the loop from any thread or task.
    public let dispatcher = Dispatcher<Msg>()
    /// When true (default), Ctrl-Z suspends the program like in a shell.
    public var suspendOnCtrlZ = true
    /// Frames for messages from background tasks and timers are drawn at most this often on
    /// average (seconds), with a burst of two allowed, so the first result after a quiet spell
    /// shows at once; a frame owed meanwhile is drawn when the next slot comes. Input (keys,
    /// pastes, resizes) draws at once. A stream of results — hundreds a second while a big org
    /// loads — then costs 60 frames a second, not one frame per result. 0: a frame after every
    /// wake-up.
    public var minFrameInterval: Double = 1.0 / 60

    private let update: Update
    private let view: View
    private let input: Input
    private let perform: Perform
    private var pending: [Command<Msg, Effect>]
    private var timers: [String: (deadline: Double, interval: Double?, msg: Msg)] = [:]
    private let tasks = TaskBag()
    private var quitRequested = false
    private var size = Size(width: 0, height: 0)

    /// Creates a runtime.
    ///
    /// ```swift
    /// let rt = Runtime(state: AppState(), commands: [.perform(.loadSessions)],
    ///                  update: AppReducer.update, view: AppView.render, input: Keymap.message,
    ///                  perform: { effect, d in await runner.run(effect, send: d.send) })
    /// ```
    public init(state: State, commands: [Command<Msg, Effect>] = [],
                update: @escaping Update, view: @escaping View, input: @escaping Input,
                perform: @escaping Perform = { _, _ in }) {
        self.state = state
        self.pending = commands
        self.update = update
        self.view = view
        self.input = input
        self.perform = perform
    }

    deinit { tasks.cancelAll() }

    /// Runs the loop on a dedicated thread (so blocking `poll()` never ties up Swift's
    /// cooperative pool) and returns when the program quits. The terminal is always restored.
    ///
    /// ```swift
    /// let reason = try await runtime.run(on: CursesTerminal())
    /// ```
    public func run(on terminal: Terminal) async throws -> ExitReason {
        let box = UncheckedBox(terminal)
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<ExitReason, Error>) in
            let thread = Thread { [self] in
                do { cont.resume(returning: try self.runBlocking(on: box.value)) } catch { cont.resume(throwing: error) }
            }
            thread.name = "TUIKit.Runtime"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs the loop on the calling thread until the program quits.
    ///
    /// ```swift
    /// let reason = try runtime.runBlocking(on: CursesTerminal())
    /// ```
    public func runBlocking(on terminal: Terminal) throws -> ExitReason {
        try terminal.start()
        defer {
            terminal.stop()
            tasks.cancelAll()
        }
        size = terminal.size
        runPending()
        if quitRequested { return .quit }
        terminal.draw(render(size: size))
        // Frame credit (a token bucket): +1 per minFrameInterval, at most 2; a frame not caused
        // by input spends 1.
        var credit = 2.0, refilled = Runtime.now()
        var owed = false   // the state changed since the last frame
        while true {
            var timeout = nextTimerDelay()
            if owed {
                let due = max(0, (1 - credit) * minFrameInterval - (Runtime.now() - refilled))
                timeout = min(timeout ?? due, due)
            }
            let events = terminal.waitForEvents(timeout: timeout, wakeFD: dispatcher.readFD)
            var byInput = false
            for ev in events {
                switch ev {
                case .terminate(let sig):
                    return .signal(sig)
                case .input(let e):
                    if case .resize(let s) = e { size = s; byInput = true }
                    if suspendOnCtrlZ, case .key(.ctrl("z")) = e {
                        terminal.suspend(); size = terminal.size; byInput = true
                        continue
                    }
                    if let m = input(state, e) { dispatch(m); byInput = true }
                }
                if quitRequested { return .quit }
            }
            let msgs = dispatcher.drain()
            for m in msgs { dispatch(m); if quitRequested { return .quit } }
            if fireTimers() { owed = true }
            if quitRequested { return .quit }
            if byInput || !msgs.isEmpty { owed = true }
            let now = Runtime.now()
            credit = minFrameInterval > 0 ? min(2, credit + (now - refilled) / minFrameInterval) : 2
            refilled = now
            if owed && (byInput || credit >= 1) {
                terminal.draw(render(size: size))
                if !byInput { credit -= 1 }
                owed = false
            }
        }
    }

    /// Sends a message through `update` synchronously and runs the resulting commands —
    /// for tests that step the program without a loop.
    ///
    /// ```swift
    /// rt.send(.moveDown)
    /// XCTAssertEqual(rt.state.selection, 1)
    /// ```
    public func send(_ msg: Msg) { dispatch(msg) }

    /// Feeds an input event through `input` and `update` (for tests without a loop).
    ///
    /// ```swift
    /// rt.handle(.key(.down))
    /// ```
    public func handle(_ event: InputEvent) {
        if case .resize(let s) = event { size = s }
        if let m = input(state, event) { dispatch(m) }
    }

    /// Renders the current state at `size`.
    ///
    /// ```swift
    /// rt.render(size: Size(width: 80, height: 24)).lines()
    /// ```
    public func render(size: Size) -> Canvas {
        var c = view(state, size)
        if c.size != size {   // be forgiving: fit whatever the view returned to the screen
            var fitted = Canvas(size: size)
            fitted.draw(c, at: Point(x: 0, y: 0))
            fitted.cursor = c.cursor
            c = fitted
        }
        return c
    }

    /// True once a ``Command/quit`` has been processed.
    public var isFinished: Bool { quitRequested }

    private func dispatch(_ msg: Msg) {
        pending.append(contentsOf: update(&state, msg))
        runPending()
    }

    private func runPending() {
        while !pending.isEmpty {
            let cmd = pending.removeFirst()
            switch cmd {
            case .quit: quitRequested = true
            case .send(let m): pending.append(contentsOf: update(&state, m))
            case .perform(let e):
                let d = dispatcher, p = perform
                tasks.start(id: nil) { await p(e, d) }
            case .performCancellable(let id, let e):
                let d = dispatcher, p = perform
                tasks.start(id: id) { await p(e, d) }
            case .cancel(let id):
                tasks.cancel(id: id)
            case .task(let f):
                let d = dispatcher
                tasks.start(id: nil) { if let m = await f() { d.send(m) } }
            case .after(let s, let id, let m):
                timers[id] = (Runtime.now() + s, nil, m)
            case .every(let s, let id, let m):
                timers[id] = (Runtime.now() + s, max(0.001, s), m)
            case .cancelTimer(let id):
                timers[id] = nil
            }
        }
    }

    private func nextTimerDelay() -> Double? {
        guard let d = timers.values.map(\.deadline).min() else { return nil }
        return max(0, d - Runtime.now())
    }

    private func fireTimers() -> Bool {
        let now = Runtime.now()
        let due = timers.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (id, t) in due {
            if let iv = t.interval {
                var next = t.deadline + iv
                if next <= now { next = now + iv }   // skip missed ticks after a suspend
                timers[id] = (next, iv, t.msg)
            } else {
                timers[id] = nil
            }
            dispatch(t.msg)
        }
        return !due.isEmpty
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// Running effect tasks; each removes itself when done, so nothing accumulates.
final class TaskBag: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [UInt64: (id: String?, task: Task<Void, Never>)] = [:]
    private var next: UInt64 = 0

    var count: Int { lock.lock(); defer { lock.unlock() }; return running.count }

    func start(id: String?, _ body: @escaping @Sendable () async -> Void) {
        if let id { cancel(id: id) }
        lock.lock()
        let key = next
        next += 1
        // The task may finish before it is registered; `done` handles both orders.
        let task = Task.detached { [weak self] in
            await body()
            self?.finish(key)
        }
        if finished.remove(key) == nil { running[key] = (id, task) }
        lock.unlock()
    }

    private var finished: Set<UInt64> = []

    private func finish(_ key: UInt64) {
        lock.lock()
        if running.removeValue(forKey: key) == nil { finished.insert(key) }
        lock.unlock()
    }

    func cancel(id: String) {
        lock.lock()
        let matching = running.filter { $0.value.id == id }
        for k in matching.keys { running[k] = nil }
        lock.unlock()
        for (_, v) in matching { v.task.cancel() }
    }

    func cancelAll() {
        lock.lock()
        let all = running
        running.removeAll()
        lock.unlock()
        for (_, v) in all { v.task.cancel() }
    }
}

struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}
