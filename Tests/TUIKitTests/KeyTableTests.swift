import CNCursesw
import XCTest
@testable import TUIKit

final class KeyTableTests: XCTestCase {
    func key(_ code: Int32) -> Key? { CursesKeyTable.key(wch: UInt32(bitPattern: code), isFunctionKey: true) }
    func char(_ c: UInt32) -> Key? { CursesKeyTable.key(wch: c, isFunctionKey: false) }

    func testFunctionKeyCodes() {
        // The octal values from curses.h, so a wrong constant in the table is caught.
        XCTAssertEqual(key(0o402), .down)
        XCTAssertEqual(key(0o403), .up)
        XCTAssertEqual(key(0o404), .left)
        XCTAssertEqual(key(0o405), .right)
        XCTAssertEqual(key(0o406), .home)
        XCTAssertEqual(key(0o550), .end)
        XCTAssertEqual(key(0o523), .pageUp)
        XCTAssertEqual(key(0o522), .pageDown)
        XCTAssertEqual(key(0o407), .backspace)
        XCTAssertEqual(key(0o512), .delete)
        XCTAssertEqual(key(0o513), .insert)
        XCTAssertEqual(key(0o527), .enter)
        XCTAssertEqual(key(0o541), .backTab)
        XCTAssertEqual(key(0o411), .function(1))
        XCTAssertEqual(key(0o424), .function(12))
        XCTAssertNil(key(0o631))                          // KEY_MOUSE: not mapped
        XCTAssertEqual(CursesKeyTable.resizeCode, 0o632)  // KEY_RESIZE
        // And the same through the imported constants.
        XCTAssertEqual(key(KEY_BTAB), .backTab)
        XCTAssertEqual(key(KEY_BACKSPACE), .backspace)
        XCTAssertEqual(key(KEY_NPAGE), .pageDown)
    }

    func testCharacters() {
        XCTAssertEqual(char(9), .tab)
        XCTAssertEqual(char(13), .enter)
        XCTAssertEqual(char(10), .enter)
        XCTAssertEqual(char(27), .escape)
        XCTAssertEqual(char(127), .backspace)
        XCTAssertEqual(char(8), .backspace)
        XCTAssertEqual(char(1), .ctrl("a"))
        XCTAssertEqual(char(3), .ctrl("c"))
        XCTAssertEqual(char(21), .ctrl("u"))
        XCTAssertEqual(char(23), .ctrl("w"))
        XCTAssertEqual(char(26), .ctrl("z"))
        XCTAssertEqual(char(0x71), .char("q"))
        XCTAssertEqual(char(0x20), .char(" "))
        XCTAssertEqual(char(0xFC), .char("ü"))
        XCTAssertEqual(char(0x6771), .char("東"))
        XCTAssertEqual(char(0x1F680), .char("🚀"))
        XCTAssertNil(char(0))
        XCTAssertNil(char(0x9B))      // C1 control
    }

    func testDescriptionsForHelp() {
        XCTAssertEqual(Key.ctrl("c").description, "Ctrl-C")
        XCTAssertEqual(Key.backTab.description, "Shift-Tab")
        XCTAssertEqual(Key.char(" ").description, "Space")
        XCTAssertEqual(KeyBinding([.up, .char("k")], help: "up").label, "↑/k")
        let b = KeyBinding([.char("d")], help: "delete", enabled: false)
        XCTAssertFalse(b.matches(.char("d")))
        XCTAssertTrue(b.enabled(true).matches(.char("d")))
    }

    func testOSC52() {
        XCTAssertEqual(Clipboard.osc52("hi"), "\u{1b}]52;c;aGk=\u{07}")
        XCTAssertEqual(Clipboard.osc52("Zürich"), "\u{1b}]52;c;WsO8cmljaA==\u{07}")
        XCTAssertEqual(Clipboard.osc52("hi", tmuxPassthrough: true), "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk=\u{07}\u{1b}\\")
    }
}
