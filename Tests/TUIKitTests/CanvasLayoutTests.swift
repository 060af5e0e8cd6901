import XCTest
@testable import TUIKit

final class CanvasTests: XCTestCase {
    func testTextIsClipped() {
        var c = Canvas(width: 5, height: 2)
        c.text("hello world", at: Point(x: 2, y: 0))
        c.text("x", at: Point(x: -1, y: 1))
        c.text("y", at: Point(x: 0, y: 5))
        XCTAssertEqual(c.lines(), ["  hel", "     "])
    }

    func testWideCharactersOccupyTwoCells() {
        var c = Canvas(width: 6, height: 1)
        XCTAssertEqual(c.text("東京x", at: Point(x: 0, y: 0)), 5)
        XCTAssertEqual(c[0, 0].width, 2)
        XCTAssertTrue(c[1, 0].isContinuation)
        XCTAssertEqual(c.lines(), ["東京x "])
    }

    func testWideCharacterAtEdgeBecomesSpace() {
        var c = Canvas(width: 3, height: 1)
        c.text("a東京", at: Point(x: 0, y: 0))
        XCTAssertEqual(c.lines(), ["a東"])
        var d = Canvas(width: 4, height: 1)
        d.text("ab東", at: Point(x: 1, y: 0))
        XCTAssertEqual(d.lines(), [" ab "])     // 東 would need columns 3 and 4
        XCTAssertEqual(d.lines()[0].displayWidth, 4)
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var c = Canvas(width: 4, height: 1)
        c.text("東京", at: Point(x: 0, y: 0))
        c.put("x", at: Point(x: 1, y: 0))       // right half of 東
        XCTAssertEqual(c.lines(), [" x京"])
        c.put("y", at: Point(x: 2, y: 0))       // left half of 京
        XCTAssertEqual(c.lines(), [" xy "])
        for l in c.lines() { XCTAssertEqual(l.displayWidth, 4) }
    }

    func testBoxAtManySizes() {
        for (w, h) in [(1, 1), (2, 1), (1, 3), (2, 2), (3, 3), (20, 5)] {
            var c = Canvas(width: w, height: h)
            c.box(c.bounds, title: "Title that is long")
            XCTAssertEqual(c.lines().count, h)
            for l in c.lines() { XCTAssertEqual(l.displayWidth, w) }
        }
        var c = Canvas(width: 12, height: 3)
        c.box(c.bounds, title: "東京 Zürich")
        XCTAssertEqual(c.lines(), ["╭ 東京 Z… ─╮", "│          │", "╰──────────╯"])
    }

    func testClippedRegionAndFill() {
        var c = Canvas(width: 6, height: 3)
        c.clipped(to: Rect(x: 1, y: 1, width: 3, height: 1)) { $0.fill($0.bounds, with: "#") }
        XCTAssertEqual(c.lines(), ["      ", " ###  ", "      "])
        c.fill(Rect(x: 4, y: 0, width: 10, height: 10), with: "東")
        XCTAssertEqual(c.lines(), ["    東", " ###東", "    東"])
    }

    func testMixedWidthColumnsAlignOnCanvas() {
        var c = Canvas(width: 20, height: 4)
        let rows = Columns.format([["Zürich", "ok"], ["東京", "ok"], ["🚀", "ok"], ["e\u{301}cole", "ok"]])
        for (i, r) in rows.enumerated() { c.text(r, at: Point(x: 0, y: i)) }
        // "ok" starts in the same column on every row.
        for y in 0..<4 {
            XCTAssertEqual(c[8, y].grapheme, "o", "row \(y): \(c.lines()[y])")
        }
        assertSnapshot(c, named: "canvas-mixed-width")
    }
}

final class LayoutTests: XCTestCase {
    func testLengthsAndFill() {
        XCTAssertEqual(Layout(.horizontal, [.length(10), .fill(1)]).sizes(total: 30), [10, 20])
        XCTAssertEqual(Layout(.horizontal, [.fill(1), .fill(2)]).sizes(total: 30), [10, 20])
        XCTAssertEqual(Layout(.vertical, [.length(1), .fill(1), .length(1)]).sizes(total: 24), [1, 22, 1])
        XCTAssertEqual(Layout(.horizontal, [.percentage(25), .percentage(75)]).sizes(total: 80), [20, 60])
        XCTAssertEqual(Layout(.horizontal, [.min(10), .fill(1)]).sizes(total: 30), [20, 10])
        XCTAssertEqual(Layout(.horizontal, [.max(5), .fill(1)]).sizes(total: 30), [5, 25])
    }

    func testNotEnoughRoomShrinksFromTheEnd() {
        XCTAssertEqual(Layout(.vertical, [.length(3), .length(3), .fill(1)]).sizes(total: 4), [3, 1, 0])
        XCTAssertEqual(Layout(.vertical, [.length(3)]).sizes(total: 0), [0])
    }

    func testSplitTilesExactlyWithSpacing() {
        let r = Rect(x: 2, y: 1, width: 31, height: 10)
        let parts = Layout(.horizontal, [.fill(1), .fill(1), .fill(1)], spacing: 2).split(r)
        XCTAssertEqual(parts.map(\.width).reduce(0, +) + 4, 31)
        XCTAssertEqual(parts[0].x, 2)
        XCTAssertEqual(parts[1].x, parts[0].maxX + 2)
        XCTAssertEqual(parts[2].maxX, r.maxX)
        XCTAssertTrue(parts.allSatisfy { $0.y == 1 && $0.height == 10 })
        for total in 0..<50 {
            let s = Layout(.horizontal, [.length(7), .percentage(30), .min(3), .fill(2), .max(4)]).sizes(total: total)
            XCTAssertEqual(s.reduce(0, +), total, "total \(total): \(s)")
        }
    }

    func testRectHelpers() {
        let r = Rect(x: 0, y: 0, width: 10, height: 4)
        XCTAssertEqual(r.inset(by: 1), Rect(x: 1, y: 1, width: 8, height: 2))
        XCTAssertEqual(r.inset(by: 5).isEmpty, true)
        XCTAssertEqual(r.centered(Size(width: 4, height: 2)), Rect(x: 3, y: 1, width: 4, height: 2))
        XCTAssertEqual(r.intersection(Rect(x: 8, y: 3, width: 5, height: 5)), Rect(x: 8, y: 3, width: 2, height: 1))
    }
}
