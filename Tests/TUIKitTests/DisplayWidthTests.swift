import XCTest
@testable import TUIKit

final class DisplayWidthTests: XCTestCase {
    func testScalarsAndGraphemes() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("Zürich"), 6)                 // precomposed ü
        XCTAssertEqual(DisplayWidth.of("Zu\u{308}rich"), 6)          // u + combining diaeresis
        XCTAssertEqual(DisplayWidth.of(Character("e\u{301}")), 1)
        XCTAssertEqual(DisplayWidth.of("東京"), 4)
        XCTAssertEqual(DisplayWidth.of("서울"), 4)
        XCTAssertEqual(DisplayWidth.of("ｶﾀｶﾅ"), 4)                    // halfwidth katakana are narrow
        XCTAssertEqual(DisplayWidth.of("ＡＢ"), 4)                    // fullwidth Latin
        XCTAssertEqual(DisplayWidth.of(Character("🚀")), 2)
        XCTAssertEqual(DisplayWidth.of(Character("🇨🇭")), 2)
        XCTAssertEqual(DisplayWidth.of(scalar: "\u{1F1E8}"), 1)               // a lone regional indicator
        XCTAssertEqual(DisplayWidth.of(scalar: "\u{4DC0}"), 2)                // hexagram (glibc: wide)
        XCTAssertEqual(DisplayWidth.of(Character("👩‍💻")), 2)
        XCTAssertEqual(DisplayWidth.of(Character("✓")), 1)
        XCTAssertEqual(DisplayWidth.of(Character("✔️")), 2)          // VS16 emoji presentation
        XCTAssertEqual(DisplayWidth.of(Character("⌚")), 2)
        XCTAssertEqual(DisplayWidth.of(Character("\u{7}")), 0)
        XCTAssertEqual(DisplayWidth.of(scalar: "\u{200B}"), 0)
        XCTAssertEqual(DisplayWidth.of(scalar: "\u{200D}"), 0)
        XCTAssertEqual(DisplayWidth.of(scalar: "─"), 1)
        XCTAssertEqual(DisplayWidth.of(scalar: "\u{20000}"), 2)
    }

    func testTruncationNeverSplitsWideCharacters() {
        XCTAssertEqual("東京タワー".truncated(toWidth: 5), "東京…")
        XCTAssertEqual("東京タワー".truncated(toWidth: 4), "東…")     // 3 columns: a wide char would not fit
        XCTAssertEqual("東京タワー".truncated(toWidth: 10), "東京タワー")
        XCTAssertEqual("Zürich".truncated(toWidth: 4), "Zür…")
        XCTAssertEqual("abc".truncated(toWidth: 0), "")
        XCTAssertEqual("abcdef".truncated(toWidth: 1), "…")
        for w in 0...12 {
            let t = "a東京🚀b e\u{301}x".truncated(toWidth: w)
            XCTAssertLessThanOrEqual(t.displayWidth, w, "width \(w): \(t)")
        }
    }

    func testPaddingAndColumnsAlign() {
        XCTAssertEqual("東京".padded(toWidth: 6) + "|", "東京  |")
        XCTAssertEqual("ok".padded(toWidth: 6, alignment: .center), "  ok  ")
        XCTAssertEqual("ok".padded(toWidth: 4, alignment: .right), "  ok")
        let lines = Columns.format([["Zürich", "1", "x"], ["東京", "22", "y"], ["🚀 go", "333", "z"],
                                    ["e\u{301}te\u{301}", "4", "w"]], separator: " | ")
        let widths = Set(lines.map(\.displayWidth))
        XCTAssertEqual(widths.count, 1, "\(lines)")
        // The separator sits in the same column on every line.
        for l in lines {
            let prefix = l.prefix { $0 != "|" }
            XCTAssertEqual(prefix.displayWidth, 7, l)
        }
    }

    func testWrap() {
        XCTAssertEqual(wrapText("Delete profile acme-dev?", width: 10), ["Delete", "profile", "acme-dev?"])
        XCTAssertEqual(wrapText("東京東京東京", width: 5), ["東京", "東京", "東京"])
        XCTAssertEqual(wrapText("a\nb", width: 5), ["a", "b"])
    }
}
