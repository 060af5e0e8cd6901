import XCTest

final class AppPlaceholderTests: XCTestCase {
    func testNothingYet() {}
}
