import XCTest
@testable import TUIKit

final class PlaceholderTests: XCTestCase {
    func testModuleLoads() { _ = PlaceholderScreen() }
}
