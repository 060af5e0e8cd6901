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
                    let x = UIListing.sortKey(a), y = UIListing.sortKey(b)
                    return x != y ? x < y : a.accountId < b.accountId
                }
                XCTAssertEqual(l.accounts, want)
            }
        }
    }
}
