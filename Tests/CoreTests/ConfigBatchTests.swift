import Foundation
import XCTest
@testable import Core

/// `appendNewSections` writes exactly what `setValues` one section at a time writes.
final class ConfigBatchTests: XCTestCase {
    let inputs = [
        "",
        "[sso-session acme]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1",   // no final newline
        "[profile dev]\r\nregion = eu-west-1\r\n\r\n[profile x]\r\nregion = x\r\n",                   // CRLF
        "[DEFAULT]\nregion = us-west-2\n[profile dev]\nsso_session = acme\n",                         // [DEFAULT] keys
    ]

    func items() -> [(ref: SectionRef, pairs: [(key: String, value: String)])] {
        [(.profile("new-1"), [("sso_session", "acme"), ("sso_account_id", "111111111111"), ("sso_role_name", "Admin")]),
         (.profile("dev"), [("region", "ap-south-1")]),                    // exists in some inputs: updated in place
         (.profile("Zürich-ops"), [("sso_session", "acme"), ("region", "eu-central-1")]),
         (.profile("default"), [("output", "json")])]
    }

    func testSameTextAsOneByOne() throws {
        for text in inputs {
            var one = try ConfigDocument(text: text)
            for it in items() { try one.setValues(it.pairs.map { ($0.key, Optional($0.value)) }, in: it.ref) }
            var batch = try ConfigDocument(text: text)
            try batch.appendNewSections(items())
            XCTAssertEqual(batch.render(), one.render(), "input: \(text.debugDescription)")
            // The incremental parse is the parse of the text.
            XCTAssertEqual(batch.profiles, try ConfigDocument(text: batch.render()).profiles)
        }
    }

    func testAllOrNothing() throws {
        var doc = try ConfigDocument(text: inputs[1])
        let before = doc
        XCTAssertThrowsError(try doc.appendNewSections([(.profile("ok"), [("region", "x")]),
                                                        (.profile("bad"), [("region", "a\nb")])]))
        XCTAssertEqual(doc, before)
    }
}
