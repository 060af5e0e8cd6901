import XCTest
@testable import Core

final class PlaceholderCoreTests: XCTestCase {
    func testVersion() { XCTAssertFalse(CoreVersion.string.isEmpty) }
}
