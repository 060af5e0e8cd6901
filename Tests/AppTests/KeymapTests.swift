import Core
import Foundation
import TUIKit
import XCTest
@testable import App

/// The keymap is the one source of the keys: dispatch, the help bar, the overlay and the key
/// tables of README.md and docs/tui.md. `AWS_SSO_TUI_UPDATE_DOCS=1 swift test --filter KeymapTests`
/// rewrites the docs' tables from it.
final class KeymapTests: XCTestCase {
    static let begin = "<!-- keys: generated from Sources/App/TUI/TUIKeymap.swift; AppTests/KeymapTests checks it -->\n"
    static let end = "<!-- /keys -->"

    func root() -> URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func testReadmeAndDocsKeyTablesAreTheKeymap() throws {
        try check("docs/tui.md", begin: Self.begin, end: Self.end, want: TUIKeymap.markdown())
        try check("README.md", begin: Self.compactBegin, end: Self.compactEnd, want: TUIKeymap.markdownCompact())
    }

    static let compactBegin = "<!-- keys-compact: generated from Sources/App/TUI/TUIKeymap.swift; AppTests/KeymapTests checks it -->\n"
    static let compactEnd = "<!-- /keys-compact -->"

    func check(_ file: String, begin: String, end: String, want: String) throws {
        let url = root().appendingPathComponent(file)
        var text = try String(contentsOf: url, encoding: .utf8)
        guard let a = text.range(of: begin), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
            return XCTFail("\(file) has no generated key table (\(begin.trimmingCharacters(in: .newlines)) … \(end))")
        }
        let got = String(text[a.upperBound..<b.lowerBound])
        if got != want, ProcessInfo.processInfo.environment["AWS_SSO_TUI_UPDATE_DOCS"] == "1" {
            text.replaceSubrange(a.upperBound..<b.lowerBound, with: want)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(got, want, "\(file)'s key table differs from the keymap; AWS_SSO_TUI_UPDATE_DOCS=1 rewrites it")
    }

    func state(_ screen: UIScreen = .main) -> TUIState {
        var ui = UIState(configPath: "/tmp/x", now: Date(timeIntervalSince1970: 1_000_000))
        ui.sessions = [UISession(name: "acme", startURL: "https://acme.awsapps.com/start", region: "us-east-1")]
        ui.selectedSession = "acme"
        ui.configLoaded = true
        ui.screen = screen
        var s = TUIState(ui: ui, noColor: true)
        TUIUpdate.sync(&s)
        return s
    }

    func testEveryBarKeyDispatchesAndDisabledKeysSayWhy() {
        var s = state()
        // The bar shows only enabled entries; each of them is found by dispatch.
        let bar = TUIKeymap.bar(s)
        XCTAssertTrue(bar.contains { $0.help == "log in" }, "\(bar)")
        XCTAssertFalse(bar.contains { $0.help == "log out" }, "not logged in: L is not offered")
        // L is disabled here: it does nothing and says why.
        let a = TUIKeymap.handle(&s, .key(.char("L")))
        XCTAssertEqual(a, [.notify(UIMessage("acme is not logged in"))])
        // A key of another pane says where it works.
        let c = TUIKeymap.handle(&s, .key(.char("c")))
        XCTAssertEqual(c, [.notify(UIMessage("c (console) works on the Roles pane"))])
        s.ui.focus = .accounts
        let l = TUIKeymap.handle(&s, .key(.char("l")))
        XCTAssertEqual(l, [.notify(UIMessage("l (log in again) works on the Sessions pane"))])
    }

    func testFilterTakesEveryLetterUntilEnterOrEsc() {
        var s = state()
        _ = TUIKeymap.handle(&s, .key(.char("/")))
        XCTAssertEqual(s.sessionsList.filterMode, .filtering)
        for ch in "zLqp?" { XCTAssertEqual(TUIKeymap.handle(&s, .key(.char(ch))), []) }
        _ = TUIKeymap.handle(&s, .key(.backspace))
        XCTAssertEqual(s.sessionsList.query.text, "zLqp")
        XCTAssertFalse(s.quit)
        XCTAssertEqual(s.sessionsList.filterMode, .filtering)
        TUIUpdate.sync(&s)
        XCTAssertEqual(s.sessionsList.filterMode, .filtering, "sync does not close a filter that hides the selection")
        _ = TUIKeymap.handle(&s, .key(.escape))
        XCTAssertEqual(s.sessionsList.filterMode, .unfiltered)
    }

    func testEveryTableHasDocsAndNoKeyIsBoundTwiceInATable() {
        for t in TUIKeymap.documented {
            var seen = Set<Key>()
            for e in t.entries {
                XCTAssertFalse(e.doc.isEmpty)
                for k in e.keys { XCTAssertTrue(seen.insert(k).inserted, "\(k) twice in \(t.title)") }
            }
        }
    }
}
