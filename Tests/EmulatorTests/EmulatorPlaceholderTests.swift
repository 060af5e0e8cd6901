import XCTest

final class EmulatorPlaceholderTests: XCTestCase {
    func testNothingYet() {}
}
