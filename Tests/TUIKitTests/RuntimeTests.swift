import Foundation
import XCTest
@testable import TUIKit

/// The Elm loop driven through HeadlessTerminal: keys in, frames out; background messages and
/// timers wake the loop; quitting or a signal stops the terminal.
final class RuntimeTests: XCTestCase {
    struct S { var list = ListState(items: (1...50).map { "row \($0)" }); var note = ""; var ticks = 0 }
    enum M: Sendable { case ev(InputEvent), note(String), tick, startWork }
    enum E: Sendable { case work(String) }

    func makeRuntime() -> Runtime<S, M, E> {
        Runtime<S, M, E>(
            state: S(),
            update: { s, m in
                switch m {
                case .ev(.key(.char("q"))) where s.list.filterMode != .filtering: return [.quit]
                case .ev(.key(.char("w"))) where s.list.filterMode != .filtering: return [.perform(.work("done in background"))]
                case .ev(.key(.char("t"))) where s.list.filterMode != .filtering: return [.every(0.02, id: "t", .tick)]
                case .ev(.key(.char("x"))) where s.list.filterMode != .filtering: return [.cancelTimer("t")]
                case .ev(let e): s.list.handle(e); return []
                case .note(let n): s.note = n; return []
                case .tick: s.ticks += 1; return []
                case .startWork: return []
                }
            },
            view: { s, size in
                var c = Canvas(size: size)
                let rows = Layout(.vertical, [.fill(1), .length(1)]).split(c.bounds)
                List().render(in: rows[0], on: &c, state: s.list)
                c.text("note:\(s.note) ticks:\(s.ticks)", at: rows[1].origin)
                return c
            },
            input: { _, e in .ev(e) },
            perform: { effect, d in
                switch effect {
                case .work(let text):
                    try? await Task.sleep(nanoseconds: 50_000_000)
                    d.send(.note(text))
                }
            })
    }

    func testKeysMoveFilterAndQuit() async throws {
        let term = HeadlessTerminal(size: Size(width: 30, height: 8))
        let rt = makeRuntime()
        let run = Task { try await rt.run(on: term) }
        XCTAssertTrue(term.waitForScreen { $0.contains("row 1") })
        term.send(.key(.down), .key(.down))
        XCTAssertTrue(term.waitForFrame { c, _ in c.styleLines()[2].hasPrefix("*") })
        term.type("/4")
        XCTAssertTrue(term.waitForScreen { $0.hasPrefix("/4") && $0.contains("row 4") && !$0.contains("row 1\n") })
        term.send(.key(.escape))
        XCTAssertTrue(term.waitForScreen { $0.hasPrefix("row 1") })
        term.resize(to: Size(width: 20, height: 4))
        XCTAssertTrue(term.waitForScreen { $0.split(separator: "\n", omittingEmptySubsequences: false).count == 4 })
        term.send(.key(.char("q")))
        let reason = try await run.value
        XCTAssertEqual(reason, .quit)
        XCTAssertTrue(term.wasStopped)
    }

    func testBackgroundMessageIsDrawnAtOnce() async throws {
        let term = HeadlessTerminal(size: Size(width: 40, height: 6))
        let rt = makeRuntime()
        let run = Task { try await rt.run(on: term) }
        XCTAssertTrue(term.waitForScreen { $0.contains("note: ") })
        let t0 = Date()
        term.send(.key(.char("w")))
        XCTAssertTrue(term.waitForScreen(timeout: 2) { $0.contains("note:done in background") })
        // The effect sleeps 50 ms; the frame must follow right after, not on a polling interval.
        XCTAssertLessThan(Date().timeIntervalSince(t0), 0.5)
        term.send(.key(.char("q")))
        _ = try await run.value
    }

    /// A runtime with the given frame pacing, running on a 40x6 headless terminal, its first
    /// frame drawn.
    func running(frameInterval: Double) -> (HeadlessTerminal, Runtime<S, M, E>, Task<ExitReason, Error>) {
        let term = HeadlessTerminal(size: Size(width: 40, height: 6))
        let rt = makeRuntime()
        rt.minFrameInterval = frameInterval
        let run = Task { try await rt.run(on: term) }
        XCTAssertTrue(term.waitForScreen { $0.contains("note: ") })
        return (term, rt, run)
    }

    /// A stream of background results (a big org loading) is drawn at most once per
    /// minFrameInterval, the last state included.
    func testBackgroundStreamIsDrawnAtAFrameRate() async throws {
        let (term, rt, run) = running(frameInterval: 0.05)
        let before = term.frameCount
        let t0 = Date()
        for i in 1...300 {
            rt.dispatcher.send(.note("\(i)"))
            usleep(1_000)
        }
        XCTAssertTrue(term.waitForScreen(timeout: 2) { $0.contains("note:300 ") }, "the last result is drawn")
        let elapsed = Date().timeIntervalSince(t0)
        let frames = term.frameCount - before
        // One frame per wake-up would be ~300; at most one per 50 ms (+ a burst of 2, + 1 at the end).
        XCTAssertLessThanOrEqual(frames, Int(elapsed / 0.05) + 3, "\(frames) frames in \(elapsed) s")
        term.send(.key(.char("q")))
        _ = try await run.value
    }

    func testKeysDoNotWaitForAFrameSlot() async throws {
        let (term, rt, run) = running(frameInterval: 10)
        // Two results after a quiet spell are drawn at once (a burst of two) ...
        rt.dispatcher.send(.note("a"))
        XCTAssertTrue(term.waitForScreen(timeout: 3) { $0.contains("note:a ") })
        rt.dispatcher.send(.note("b"))
        XCTAssertTrue(term.waitForScreen(timeout: 3) { $0.contains("note:b ") })
        // ... a third waits for its slot (10 s away) ...
        rt.dispatcher.send(.note("owed"))
        XCTAssertFalse(term.waitForScreen(timeout: 0.3) { $0.contains("note:owed") })
        // ... a key does not, and brings the owed result with it.
        term.send(.key(.down))
        XCTAssertTrue(term.waitForFrame(timeout: 3) { c, _ in c.lines().contains { $0.contains("note:owed") }
                                                     && c.styleLines()[1].hasPrefix("*") })
        term.send(.key(.char("q")))
        _ = try await run.value
    }

    func testTimersTickAndCancel() async throws {
        let term = HeadlessTerminal(size: Size(width: 40, height: 6))
        let rt = makeRuntime()
        let run = Task { try await rt.run(on: term) }
        term.send(.key(.char("t")))
        XCTAssertTrue(term.waitForScreen { $0.contains("ticks:3") })
        term.send(.key(.char("x")))
        let framesAfterCancel = term.frameCount
        // With no timer and no input the loop must sleep: no new frames are drawn.
        XCTAssertFalse(term.waitForFrame(timeout: 0.3) { _, n in n > framesAfterCancel + 1 })
        term.send(.key(.char("q")))
        _ = try await run.value
    }

    func testSignalEndsTheLoopAndRestores() async throws {
        let term = HeadlessTerminal(size: Size(width: 20, height: 5))
        let rt = makeRuntime()
        let run = Task { try await rt.run(on: term) }
        XCTAssertTrue(term.waitForScreen { $0.contains("row 1") })
        term.signal(SIGTERM)
        let reason = try await run.value
        XCTAssertEqual(reason, .signal(SIGTERM))
        XCTAssertTrue(term.wasStopped)
    }

    func testCancellableEffects() async throws {
        struct S2 { var log: [String] = [] }
        enum M2: Sendable { case start(String), stop, got(String), quit }
        let rt = Runtime<S2, M2, String>(
            state: S2(),
            update: { s, m in
                switch m {
                case .start(let name): return [.performCancellable(id: "poll", name)]
                case .stop: return [.cancel("poll")]
                case .got(let x): s.log.append(x); return []
                case .quit: return [.quit]
                }
            },
            view: { s, size in var c = Canvas(size: size); c.text(s.log.joined(separator: ","), at: Point(x: 0, y: 0)); return c },
            input: { _, e in
                switch e {
                case .key(.char("a")): return .start("a")
                case .key(.char("b")): return .start("b")
                case .key(.char("s")): return .stop
                case .key(.char("q")): return .quit
                default: return nil
                }
            },
            perform: { name, d in
                // A poller: ticks until cancelled.
                var n = 0
                while !Task.isCancelled {
                    n += 1
                    d.send(.got("\(name)\(n)"))
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
                d.send(.got("\(name)-stopped"))
            })
        let term = HeadlessTerminal(size: Size(width: 60, height: 2))
        let run = Task { try await rt.run(on: term) }
        term.send(.key(.char("a")))
        XCTAssertTrue(term.waitForScreen { $0.contains("a2") })
        term.send(.key(.char("b")))       // replaces the "a" poller
        XCTAssertTrue(term.waitForScreen { $0.contains("a-stopped") && $0.contains("b2") })
        term.send(.key(.char("s")))
        XCTAssertTrue(term.waitForScreen { $0.contains("b-stopped") })
        term.send(.key(.char("q")))
        _ = try await run.value
        XCTAssertEqual(rt.state.log.filter { $0.hasSuffix("stopped") }, ["a-stopped", "b-stopped"])
    }

    func testFinishedTasksAreForgotten() async {
        let bag = TaskBag()
        let exp = expectation(description: "ran")
        exp.expectedFulfillmentCount = 20
        for _ in 0..<20 { bag.start(id: nil) { exp.fulfill() } }
        await fulfillment(of: [exp], timeout: 5)
        // Each task removes itself when done.
        for _ in 0..<200 where bag.count > 0 { try? await Task.sleep(nanoseconds: 5_000_000) }
        XCTAssertEqual(bag.count, 0)
    }

    func testStepWithoutLoop() {
        let rt = makeRuntime()
        rt.handle(.key(.down))
        XCTAssertEqual(rt.state.list.selectedIndex, 1)
        rt.send(.note("hi"))
        XCTAssertTrue(rt.render(size: Size(width: 20, height: 3)).lines()[2].hasPrefix("note:hi"))
        rt.handle(.key(.char("q")))
        XCTAssertTrue(rt.isFinished)
    }

    func testTerminalRestoredWhenStartThrows() async {
        final class Failing: Terminal {
            var stopped = 0
            var size: Size { Size(width: 1, height: 1) }
            func start() throws { throw TerminalError.notATerminal }
            func draw(_ canvas: Canvas) {}
            func waitForEvents(timeout: Double?, wakeFD: Int32) -> [TerminalEvent] { [] }
            func suspend() {}
            func stop() { stopped += 1 }
        }
        let t = Failing()
        do {
            _ = try makeRuntime().runBlocking(on: t)
            XCTFail("expected a throw")
        } catch {
            XCTAssertEqual(error as? TerminalError, .notATerminal)
        }
        // stop() is idempotent and safe without start; CursesTerminal too.
        let ct = CursesTerminal()
        ct.stop(); ct.stop()
    }
}
