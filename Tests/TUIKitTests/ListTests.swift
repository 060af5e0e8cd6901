import XCTest
@testable import TUIKit

final class FilterTests: XCTestCase {
    let items = ["prod-admin", "dev-admin", "production readonly", "Zürich office", "staging", "playground-rod", "東京 dev"]

    func testSubstringIsCaseAndAccentInsensitive() {
        let idx = FilterIndex(items)
        XCTAssertEqual(idx.matches(for: "ZUR", kind: .substring).map(\.index), [3])
        XCTAssertEqual(idx.matches(for: "zür", kind: .substring).map(\.index), [3])
        XCTAssertEqual(idx.matches(for: "東京", kind: .substring).map(\.index), [6])
        XCTAssertEqual(idx.matches(for: "pdn", kind: .substring).map(\.index), [])
        XCTAssertEqual(idx.matches(for: "", kind: .substring).count, items.count)
    }

    func testFuzzyIsRankedWithPositions() {
        let idx = FilterIndex(items)
        let m = idx.matches(for: "prod", kind: .fuzzy)
        // Prefix substring match first, then inner substring, then the fuzzy one.
        XCTAssertEqual(m.map(\.index), [0, 2, 5])
        XCTAssertEqual(m[0].positions, [0, 1, 2, 3])
        XCTAssertEqual(m[2].positions, [0, 5, 6, 9])
    }

    func testASCIIFastPathMatchesUnicodePath() {
        // "Ab-c" is ASCII (fast path); "Ab-cé" goes through the Unicode path: same folding.
        let idx = FilterIndex(["Ab-c", "Ab-cé", "fooBar"])
        XCTAssertEqual(idx.key(0), Array(idx.key(1).prefix(4)))
        XCTAssertEqual(idx.key(1).last, UInt32(("e" as Unicode.Scalar).value))
        XCTAssertEqual(idx.boundaries(0), Array(idx.boundaries(1).prefix(4)))
        XCTAssertEqual(idx.boundaries(0), [true, false, false, true])   // A, b, -, c (after a separator)
        XCTAssertEqual(idx.boundaries(2), [true, false, false, true, false, false])   // camelCase start
        XCTAssertEqual(idx.positions(for: "ac", item: 0, kind: .fuzzy), [0, 3])
    }

    func testFuzzyPrefersWordStarts() {
        let idx = FilterIndex(["abc-roadmap", "readonly-admin", "xx-ra"])
        let m = idx.matches(for: "ra", kind: .fuzzy)
        XCTAssertEqual(m.first?.index, 2)          // substring at a word start wins
        let ro = idx.matches(for: "rdad", kind: .fuzzy)
        XCTAssertEqual(ro.map(\.index), [1])
    }
}

final class ListStateTests: XCTestCase {
    func make(_ n: Int) -> ListState {
        var s = ListState(items: (1...n).map { "item \($0)" })
        s.pageSize = 5
        return s
    }

    func testMovementAndPaging() {
        var s = make(20)
        XCTAssertEqual(s.selectedIndex, 0)
        s.handle(.key(.up)); XCTAssertEqual(s.selectedIndex, 0)
        s.handle(.key(.down)); s.handle(.key(.char("j"))); XCTAssertEqual(s.selectedIndex, 2)
        s.handle(.key(.char("k"))); XCTAssertEqual(s.selectedIndex, 1)
        s.handle(.key(.pageDown)); XCTAssertEqual(s.selectedIndex, 6)
        XCTAssertEqual(s.offset, 2)
        s.handle(.key(.end)); XCTAssertEqual(s.selectedIndex, 19)
        XCTAssertEqual(s.offset, 15)
        s.handle(.key(.pageDown)); XCTAssertEqual(s.selectedIndex, 19)
        s.handle(.key(.pageUp)); XCTAssertEqual(s.selectedIndex, 14)
        s.handle(.key(.home)); XCTAssertEqual(s.selectedIndex, 0)
        XCTAssertEqual(s.handle(.key(.enter)), .activated(0))
        XCTAssertEqual(s.handle(.key(.tab)), .ignored)
        XCTAssertEqual(s.handle(.key(.char("q"))), .ignored)
    }

    func testFilterModes() {
        var s = make(30)
        s.handle(.key(.down))
        XCTAssertEqual(s.handle(.key(.char("/"))), .filterChanged)
        XCTAssertEqual(s.filterMode, .filtering)
        s.handle(.key(.char("2")))
        XCTAssertEqual(s.visible.map { s.items[$0.index] }.first, "item 2")
        XCTAssertEqual(s.visible.count, 12)   // 2, 12, 20-29, ...
        s.handle(.key(.char("5")))
        XCTAssertEqual(s.visible.map { s.items[$0.index] }, ["item 25"])
        // j/k are text while filtering.
        s.handle(.key(.backspace))
        s.handle(.key(.char("j")))
        XCTAssertEqual(s.query.text, "2j")
        XCTAssertTrue(s.visible.isEmpty)
        s.handle(.key(.ctrl("u")))
        XCTAssertEqual(s.query.text, "")
        s.handle(.paste("item 1"))
        s.handle(.key(.down))
        XCTAssertEqual(s.selectedItem, "item 10")
        // Enter keeps the filter and activates the selected row.
        XCTAssertEqual(s.handle(.key(.enter)), .activated(9))
        XCTAssertEqual(s.filterMode, .applied)
        s.handle(.key(.down))
        XCTAssertEqual(s.selectedItem, "item 11")
        // Esc clears it, keeping the selection.
        XCTAssertEqual(s.handle(.key(.escape)), .filterChanged)
        XCTAssertEqual(s.filterMode, .unfiltered)
        XCTAssertEqual(s.selectedItem, "item 11")
        XCTAssertEqual(s.visible.count, 30)
    }

    func testEscWhileTypingClearsAndBackspaceOnEmptyStays() {
        var s = make(10)
        s.handle(.key(.char("/"))); s.handle(.key(.char("9")))
        XCTAssertEqual(s.selectedItem, "item 9")
        s.handle(.key(.escape))
        XCTAssertEqual(s.filterMode, .unfiltered)
        XCTAssertEqual(s.selectedItem, "item 9")
        s.handle(.key(.char("/")))
        s.handle(.key(.backspace))
        XCTAssertEqual(s.filterMode, .filtering, "Backspace on an empty filter keeps it open")
        s.handle(.key(.char("z"))); s.handle(.key(.char("q")))
        XCTAssertEqual(s.filterMode, .filtering, "no matches: still filtering")
        XCTAssertEqual(s.query.text, "zq")
        XCTAssertNil(s.selectedIndex)
    }

    func testMiddleTruncationKeepsBothEnds() {
        let n = "payments-platform-shared-services-eu-1"
        let t = n.truncatedMiddle(toWidth: 20)
        XCTAssertEqual(t.displayWidth, 20)
        XCTAssertTrue(t.hasPrefix("payments-"), t)
        XCTAssertTrue(t.hasSuffix("-eu-1"), t)
        XCTAssertTrue(t.contains("…"))
        XCTAssertEqual("short".truncatedMiddle(toWidth: 20), "short")
        XCTAssertLessThanOrEqual("東京タワー東京タワー".truncatedMiddle(toWidth: 7).displayWidth, 7)
    }

    func testIncrementalFilterEqualsFullFilter() {
        let items = (0..<500).map { "acct-\($0 * 37 % 1000) \(["prod", "dev", "Zürich"][$0 % 3])-\($0)" }
        var inc = ListState(items: items)
        inc.startFiltering()
        for ch in "pro1" { inc.handle(.key(.char(ch))) }
        let full = FilterIndex(items).matches(for: "pro1", kind: .fuzzy)
        XCTAssertFalse(full.isEmpty)
        XCTAssertEqual(inc.visible.map(\.index), full.map(\.index))
        XCTAssertEqual(inc.visible.map(\.score), full.map(\.score))
        XCTAssertEqual(inc.matchedPositions(row: 0), full[0].positions)
        XCTAssertEqual(FilterIndex(items).matches(for: "pro1", kind: .fuzzy, includePositions: false).map(\.index),
                       full.map(\.index))
    }

    func testSetItemsKeepsSelection() {
        var s = ListState(items: ["a", "b", "c"])
        s.handle(.key(.down)); s.handle(.key(.down))
        s.setItems(["x", "c", "a"])
        XCTAssertEqual(s.selectedItem, "c")
        s.setItems([])
        XCTAssertNil(s.selectedIndex)
        XCTAssertEqual(s.handle(.key(.enter)), .ignored)
    }
}

final class TextFieldTests: XCTestCase {
    func testEditing() {
        var f = TextFieldState("hello big world")
        f.handle(.key(.ctrl("w"))); XCTAssertEqual(f.text, "hello big ")
        f.handle(.key(.ctrl("w"))); XCTAssertEqual(f.text, "hello ")
        f.handle(.key(.home)); f.handle(.key(.char(">")))
        XCTAssertEqual(f.text, ">hello ")
        XCTAssertEqual(f.cursor, 1)
        f.handle(.key(.delete)); XCTAssertEqual(f.text, ">ello ")
        f.handle(.key(.end)); f.handle(.key(.backspace)); XCTAssertEqual(f.text, ">ello")
        f.handle(.key(.left)); f.handle(.key(.left)); f.handle(.key(.ctrl("k"))); XCTAssertEqual(f.text, ">el")
        f.handle(.paste("lo\nwor\u{7}ld")); XCTAssertEqual(f.text, ">ello world")
        f.handle(.key(.ctrl("u"))); XCTAssertEqual(f.text, ""); XCTAssertEqual(f.cursor, 0)
        XCTAssertFalse(f.handle(.key(.enter)))
        XCTAssertFalse(f.handle(.key(.tab)))
        var m = TextFieldState("", maxLength: 3)
        m.insert("abcdef"); XCTAssertEqual(m.text, "abc")
    }

    func testScrollsToKeepCursorVisible() {
        var c = Canvas(width: 6, height: 1)
        let s = TextFieldState("東京タワーです")
        TextField(focused: true).render(in: c.bounds, on: &c, state: s)
        XCTAssertEqual(c.cursor, Point(x: 4, y: 0))   // "です" + the cursor cell
        XCTAssertEqual(c.lines(), ["です  "])
        var c2 = Canvas(width: 6, height: 1)
        var s2 = s; s2.moveCursor(to: 0)
        TextField(focused: true).render(in: c2.bounds, on: &c2, state: s2)
        XCTAssertEqual(c2.lines(), ["東京タ"])
        XCTAssertEqual(c2.cursor, Point(x: 0, y: 0))
    }
}

final class FormAndDialogTests: XCTestCase {
    func makeForm() -> FormState {
        FormState(fields: [
            FormField("Name", text: "acme-dev", validators: [.required]),
            FormField("Region", pick: ["us-east-1", "us-west-2", "eu-central-1"], value: "us-east-1"),
            FormField("Output", pick: ["json", "text", "table", "yaml"], value: "json"),
        ])
    }

    func testTabMovesFocusAndCtrlUClears() {
        var f = makeForm()
        XCTAssertEqual(f.handle(.key(.tab)), .changed); XCTAssertEqual(f.focus, 1)
        f.handle(.key(.tab)); XCTAssertEqual(f.focus, 2)
        f.handle(.key(.tab)); XCTAssertEqual(f.focus, 0)
        f.handle(.key(.backTab)); XCTAssertEqual(f.focus, 2)
        f.handle(.key(.backTab)); f.handle(.key(.backTab)); XCTAssertEqual(f.focus, 0)
        f.handle(.key(.ctrl("u")))
        XCTAssertEqual(f.values["Name"], "")
        // Enter with an invalid field: focus goes there, error is shown.
        f.handle(.key(.tab))
        XCTAssertEqual(f.handle(.key(.char(" "))), .changed)   // Space opens the picker
        XCTAssertTrue(f.isPickerOpen)
        f.handle(.key(.escape))
        XCTAssertFalse(f.isPickerOpen)
        XCTAssertEqual(f.handle(.key(.escape)), .cancelled)
    }

    func testValidationOnSubmit() {
        var f = makeForm()
        f.handle(.key(.ctrl("u")))
        f.focus = 2
        f.moveFocus(by: 0)
        XCTAssertEqual(f.fields[0].error, "required")
        // Submitting from a text field.
        f.focus = 0
        XCTAssertEqual(f.handle(.key(.enter)), .changed)
        XCTAssertEqual(f.focus, 0)
        XCTAssertTrue(f.fields[0].touched)
        f.handle(.paste("acme-prod"))
        XCTAssertEqual(f.handle(.key(.enter)), .submitted)
        XCTAssertEqual(f.values, ["Name": "acme-prod", "Region": "us-east-1", "Output": "json"])
    }

    func testPickListFiltersAndPicks() {
        var f = makeForm()
        f.handle(.key(.tab))
        f.handle(.key(.char("e"))); f.handle(.key(.char("u")))   // opens, filters to eu-central-1 first
        XCTAssertTrue(f.isPickerOpen)
        guard case .pick(let p) = f.fields[1].kind else { return XCTFail() }
        XCTAssertEqual(p.list.selectedItem, "eu-central-1")
        f.handle(.key(.enter))
        XCTAssertFalse(f.isPickerOpen)
        XCTAssertEqual(f.values["Region"], "eu-central-1")
        // Down arrow in open picker moves; Enter picks.
        f.handle(.key(.tab))
        f.handle(.key(.down))           // open
        f.handle(.key(.down))
        f.handle(.key(.enter))
        XCTAssertEqual(f.values["Output"], "text")
        XCTAssertEqual(f.handle(.key(.enter)), .submitted)
    }

    func testDialogKeys() {
        var d = DialogState()
        XCTAssertNil(d.handle(.key(.char("x"))))
        XCTAssertEqual(d.handle(.key(.enter)), .cancelled)     // No is the default
        d.handle(.key(.left))
        XCTAssertEqual(d.handle(.key(.enter)), .confirmed)
        var d2 = DialogState(); XCTAssertEqual(d2.handle(.key(.char("y"))), .confirmed)
        var d3 = DialogState(); XCTAssertEqual(d3.handle(.key(.escape)), .cancelled)
    }
}

final class FocusRingTests: XCTestCase {
    enum P: Hashable, Sendable { case sessions, accounts, roles }

    func testTabOrderWrapsAndSkipsUnavailable() {
        var f = FocusRing([P.sessions, .accounts, .roles])
        XCTAssertEqual(f.current, .sessions)
        XCTAssertTrue(f.handle(.key(.tab))); XCTAssertEqual(f.current, .accounts)
        f.next(); XCTAssertEqual(f.current, .roles)
        f.next(); XCTAssertEqual(f.current, .sessions)
        XCTAssertTrue(f.handle(.key(.backTab))); XCTAssertEqual(f.current, .roles)
        f.next { $0 != .sessions }; XCTAssertEqual(f.current, .accounts)
        f.focus(.roles); XCTAssertTrue(f.isFocused(.roles))
        XCTAssertFalse(f.handle(.key(.enter)))
        var only = FocusRing([P.sessions, .accounts], initial: .accounts)
        only.next { $0 == .accounts }
        XCTAssertEqual(only.current, .accounts)
    }
}
