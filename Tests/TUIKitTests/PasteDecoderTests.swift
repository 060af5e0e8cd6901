import CNCursesw
import XCTest
@testable import TUIKit

final class PasteDecoderTests: XCTestCase {
    let b: Int32 = 0x1000, e: Int32 = 0x1001

    func decode(_ units: [CursesInput], flush: Bool = true) -> [InputEvent] {
        var d = PasteDecoder(beginCode: b, endCode: e)
        var out: [InputEvent] = []
        for u in units { d.feed(u, into: &out) }
        if flush { d.flush(into: &out) }
        return out
    }

    func chars(_ s: String) -> [CursesInput] { s.unicodeScalars.map { .char($0.value) } }

    /// A paste is one event, whether each marker came as curses' code or as the raw characters
    /// (a read boundary split it), at either end.
    func testMarkersAsCodesOrAsCharacters() {
        let body = "q:p\rR/x"
        let want: [InputEvent] = [.key(.char("a")), .paste("q:p\nR/x"), .key(.char("z"))]
        let begins: [[CursesInput]] = [[.code(b)], chars("\u{1b}[200~")]
        let ends: [[CursesInput]] = [[.code(e)], chars("\u{1b}[201~")]
        for bg in begins {
            for en in ends {
                XCTAssertEqual(decode(chars("a") + bg + chars(body) + en + chars("z")), want)
            }
        }
    }

    /// However the stream is cut into batches (flush is not called inside a paste), the result
    /// is the same.
    func testEverySplitPointGivesTheSameEvents() {
        let units = chars("k\u{1b}[200~he\u{1b}llo\u{1b}[201~j")
        let whole = decode(units)
        XCTAssertEqual(whole, [.key(.char("k")), .paste("he\u{1b}llo"), .key(.char("j"))])
        for cut in 0...units.count {
            var d = PasteDecoder(beginCode: b, endCode: e)
            var out: [InputEvent] = []
            for u in units[..<cut] { d.feed(u, into: &out) }
            // A batch ends: only a held prefix *outside* a paste would be flushed, after a wait.
            for u in units[cut...] { d.feed(u, into: &out) }
            d.flush(into: &out)
            XCTAssertEqual(out, whole, "cut at \(cut)")
        }
    }

    /// Keys curses decoded from pasted bytes (ESC [ A inside the paste) are not keys.
    func testFunctionKeysInsideAPasteAreDropped() {
        let out = decode([.code(b)] + chars("ab") + [.code(Int32(KEY_UP)), .code(Int32(KEY_ENTER))] + chars("c") + [.code(e)])
        XCTAssertEqual(out, [.paste("abc")])
    }

    /// A lone ESC is held until the next input says what it is, or until flushed.
    func testEscapeAloneAndEscapeThenText() {
        XCTAssertEqual(decode(chars("\u{1b}")), [.key(.escape)])
        var d = PasteDecoder(beginCode: b, endCode: e)
        var out: [InputEvent] = []
        d.feed(.char(27), into: &out)
        XCTAssertTrue(d.hasPending)
        XCTAssertEqual(out, [])
        d.feed(.char(UInt32(UInt8(ascii: "q"))), into: &out)
        XCTAssertEqual(out, [.key(.escape), .key(.char("q"))])
        XCTAssertEqual(decode(chars("\u{1b}[20x")), [.key(.escape), .key(.char("[")), .key(.char("2")), .key(.char("0")), .key(.char("x"))])
        XCTAssertEqual(decode(chars("\u{1b}\u{1b}[200~x") + [.code(e)]), [.key(.escape), .paste("x")])
        XCTAssertEqual(decode([.code(Int32(KEY_DOWN))]), [.key(.down)])
    }

    /// An unfinished paste is never keys, and a huge one is kept up to the limit.
    func testUnfinishedAndHugePastes() {
        XCTAssertEqual(decode([.code(b)] + chars("qqq")), [])
        var d = PasteDecoder(beginCode: b, endCode: e, maxPaste: 10)
        var out: [InputEvent] = []
        d.feed(.code(b), into: &out)
        for _ in 0..<1_000_000 { d.feed(.char(0x61), into: &out) }
        XCTAssertTrue(d.inPaste)
        d.feed(.code(e), into: &out)
        XCTAssertEqual(out, [.paste(String(repeating: "a", count: 10))])
    }

    /// A pasted megabyte in a text field keeps the first pasteLimit characters.
    func testTextFieldTakesAtMostPasteLimit() {
        var f = TextFieldState("")
        XCTAssertTrue(f.handle(.paste(String(repeating: "x", count: 1 << 20))))
        XCTAssertEqual(f.text.count, TextFieldState.pasteLimit)
    }
}
