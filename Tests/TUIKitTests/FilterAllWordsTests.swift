import XCTest
@testable import TUIKit

/// `MatchKind.allWords`: every word of the query, in any order, fuzzy and accent-insensitive.
final class FilterAllWordsTests: XCTestCase {
    let items = ["acme  web-prod  111111111111  AdministratorAccess  → prod-admin",
                 "acme  web-dev   222222222222  AdministratorAccess  (no profile)",
                 "beta  Zürich-ops 333333333333  ReadOnlyAccess  (no profile)",
                 "beta  web-prod  444444444444  ReadOnlyAccess  (no profile)"]

    func testWordsInAnyOrder() {
        let idx = FilterIndex(items)
        XCTAssertEqual(idx.matches(for: "prod admin", kind: .allWords).map(\.index), [0])
        XCTAssertEqual(idx.matches(for: "admin prod", kind: .allWords).map(\.index), [0])
        XCTAssertEqual(Set(idx.matches(for: "beta read", kind: .allWords).map(\.index)), [2, 3])
        XCTAssertEqual(idx.matches(for: "zur ops", kind: .allWords).map(\.index), [2], "accent-insensitive")
        XCTAssertEqual(idx.matches(for: "  ", kind: .allWords).count, 4, "no words: everything")
        XCTAssertEqual(idx.matches(for: "prod nosuchword", kind: .allWords).count, 0)
    }

    func testPositionsAreTheUnionOfTheWords() {
        let idx = FilterIndex(["web-prod Admin"])
        XCTAssertEqual(idx.positions(for: "admin web", item: 0, kind: .allWords), [0, 1, 2, 9, 10, 11, 12, 13])
    }

    func testListStateFiltersIncrementallyWithAllWords() {
        var s = ListState(items: items, matchKind: .allWords)
        s.startFiltering()
        for ch in "web readonly" { s.handle(.key(.char(ch))) }
        XCTAssertEqual(s.visible.map(\.index), [3])
        for _ in "only" { s.handle(.key(.backspace)) }
        XCTAssertEqual(s.visible.map(\.index), FilterIndex(items).matches(for: "web read", kind: .allWords).map(\.index))
    }
}
