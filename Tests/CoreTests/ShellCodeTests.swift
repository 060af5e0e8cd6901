import Foundation
import XCTest
@testable import Core

/// The code `use` prints and the `awsp` function, run through real shells where it matters.
final class ShellCodeTests: XCTestCase {
    func testQuotingKeepsHostileNamesAsData() throws {
        XCTAssertEqual(ShellCode.quote("it's", .bash), "'it'\\''s'")
        XCTAssertEqual(ShellCode.quote("a\\b'c", .fish), "'a\\\\b\\'c'")
        // Through sh: the value comes back byte for byte and nothing runs.
        let name = "x'; touch /tmp/pwned-awsp; echo '$(id)`id`"
        let code = ShellCode.use(profile: name, region: nil, shell: .sh)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", code + "printf %s \"$AWS_PROFILE\""]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), name)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/pwned-awsp"))
    }

    func testUseUnsetsShadowingCredentialsAndRemembersTheRegionItSet() {
        let code = ShellCode.use(profile: "dev", region: "eu-west-1", shell: .bash)
        XCTAssertTrue(code.contains("export AWS_PROFILE='dev'"))
        XCTAssertTrue(code.contains("unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN"))
        XCTAssertTrue(code.contains("export AWS_REGION='eu-west-1' AWS_DEFAULT_REGION='eu-west-1'"))
        XCTAssertTrue(code.contains("_awsp_region='eu-west-1'"))
        let fish = ShellCode.use(profile: "dev", region: nil, shell: .fish)
        XCTAssertTrue(fish.hasPrefix("set -gx AWS_PROFILE 'dev'\n"))
        XCTAssertTrue(fish.contains("set -e _awsp_region"))
    }

    func testClosestNames() {
        let names = ["prod", "prod-admin", "dev", "staging", "ops"]
        XCTAssertEqual(NameSuggestions.closest(to: "prd", in: names), ["prod"])
        XCTAssertEqual(NameSuggestions.closest(to: "prod", in: names), ["prod", "prod-admin"])
        XCTAssertEqual(NameSuggestions.closest(to: "opz", in: names), ["ops"])
        XCTAssertEqual(NameSuggestions.closest(to: "zzzzzzzz", in: names), [])
        XCTAssertEqual(NameSuggestions.hint(for: "stagin", in: names), "; closest: staging")
    }
}
