import XCTest
import Foundation
@testable import App
import Core

/// Core's messages name actions, not keys: the App shows the key its keymap binds to each.
final class KeyHintTests: XCTestCase {
    func testEveryHintHasAKeyInTheKeymap() {
        XCTAssertEqual(TUIKeymap.key(for: .reload), "R")
        XCTAssertEqual(TUIKeymap.key(for: .activateSession), "Enter")
        XCTAssertEqual(TUIKeymap.key(for: .login), "l")
        for h in UIKeyHint.allCases {
            let n = TUIKeymap.documented.flatMap(\.entries).filter { $0.hint == h }.count
            XCTAssertGreaterThan(n, 0, "\(h) is bound to no key")
        }
    }

    func testAMessageIsShownWithTheKeys() {
        let m = UIMessage("Saved sso-session acme; \(UIKeyHint.activateSession.placeholder) logs in", .success)
        XCTAssertEqual(TUIKeymap.text(m), "Saved sso-session acme; Enter logs in")
        XCTAssertEqual(TUIKeymap.text(UIMessage("plain {text}")), "plain {text}")
    }
}
