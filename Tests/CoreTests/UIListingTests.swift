import XCTest
@testable import Core

final class UIListingTests: XCTestCase {
    /// Adding pages by merge gives exactly the order a full sort would, with replacements.
    func testMergeEqualsFullSort() {
        var rng = SystemRandomNumberGenerator()
        let names = ["acme-dev", "Acme-Dev", "Zürich", "zurich", "東京-analytics", "payments", "Payments", "ÅLAND", "aland", nil]
        for _ in 0..<50 {
            var l = UIListing()
            var reference: [String: Account] = [:]
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let page = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                    Account(accountId: String(format: "%012d", Int.random(in: 0..<60, using: &rng)),
                            accountName: names.randomElement(using: &rng)!)
                }
                l.add(page)
                for a in page { reference[a.accountId] = a }
                let want = reference.values.sorted { a, b in
                    let x = a.sortKey, y = b.sortKey
                    return x != y ? x < y : a.accountId < b.accountId
                }
                XCTAssertEqual(l.accounts, want)
            }
        }
    }

    /// One order everywhere: CLI tables and JSON, populate and the TUI all use Account.sortKey.
    func testOneAccountOrder() {
        let accounts = [Account(accountId: "300000000000", accountName: "zurich"), Account(accountId: "200000000000", accountName: "Zürich"),
                        Account(accountId: "100000000000", accountName: "zeta"), Account(accountId: "050000000000"),
                        Account(accountId: "400000000000", accountName: "Alpha")]
        let sorted = accounts.sorted { Account.ordered(($0.sortKey, $0.accountId), ($1.sortKey, $1.accountId)) }
        XCTAssertEqual(sorted.map(\.accountId), ["050000000000", "400000000000", "100000000000", "200000000000", "300000000000"])
        var l = UIListing()
        l.add(accounts)
        XCTAssertEqual(l.accounts, sorted)
        // populate names pairs in the same order.
        let roles = accounts.map { AccountRole(accountId: $0.accountId, roleName: "Admin") }
        let plan = Populator(session: "s").plan(doc: try! ConfigDocument(text: ""), accounts: accounts, roles: roles.reversed())
        XCTAssertEqual(plan.added.map(\.accountId), sorted.map(\.accountId))
    }
}
