import XCTest
@testable import Core

/// Parsing then rendering an unedited document returns the input byte for byte.
final class ConfigRoundTripTests: XCTestCase {
    /// A real-world-shaped corpus: comments everywhere, nested blocks, CRLF, unicode, 200+ profiles.
    static func corpus() -> [String] {
        var big = "# ~/.aws/config — maintained by hand since 2017\n; do not edit the sso bits\n\n"
        big += "[default]\nregion = us-east-1\noutput = json\ncli_pager =\n\n"
        for i in 0..<230 {
            if i % 7 == 0 { big += "# --- team \(i / 7) ---\n" }
            big += "[profile acct-\(i)-Admin]\n"
            big += "sso_session = corp\nsso_account_id = \(String(100000000000 + i))\nsso_role_name = AdministratorAccess\n"
            if i % 3 == 0 { big += "region = eu-west-1 # inline text is part of the value\n" }
            if i % 5 == 0 { big += "s3 =\n    addressing_style = path\n    signature_version = s3v4\n" }
            if i % 11 == 0 { big += "  ; indented comment\n" }
            big += (i % 4 == 0 ? "\n" : "")
        }
        big += "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        let crlf = big.replacingOccurrences(of: "\n", with: "\r\n")
        return [
            big, crlf,
            String(big.dropLast()),                       // no final newline
            "[profile 'my prof']\r\nregion=us-west-2\r\n[profile \"другой\"]\nregion : ap-northeast-1\n",
            "\t[profile indented]\n\t  region = x\n\t  s3 =\n\t      max_concurrent_requests = 20\n",
            "[default]\nregion = us-\n  east-1\n\n\n  still-the-value\n# end",
            "[services local]\nsso_oidc =\n  endpoint_url = http://127.0.0.1:8080/oidc\nsso =\n  endpoint_url = http://127.0.0.1:8080/portal\n",
            "[profile 日本語]\nregion = ap-northeast-1 ✓ 😀\n\u{2028}\n",
            "[default]\rregion = lone-cr\r[profile x]\routput = text",
            "", "\n", "\r\n", "# only a comment", "   \n\t\n",
            "[a]b]c\nk=v\n[preview]\ncloudfront = true\n[plugins]\ncli_legacy_plugin_path = /x\n",
        ]
    }

    func testCorpusRoundTripsByteForByte() throws {
        let corpus = Self.corpus()
        XCTAssertGreaterThanOrEqual(try ConfigDocument(text: corpus[0]).profiles.count, 231)
        for (i, text) in corpus.enumerated() {
            let doc = try ConfigDocument(text: text, path: "corpus\(i)")
            XCTAssertEqual(Array(doc.render().utf8), Array(text.utf8), "corpus \(i)")
        }
    }

    func testTenThousandGeneratedDocumentsRoundTrip() throws {
        var g = ConfigGenerator(seed: 42)
        var parsed = 0
        for n in 0..<10_000 {
            let text = g.document(maxSections: 6)
            guard let doc = try? ConfigDocument(text: text) else { continue }
            parsed += 1
            let out = doc.render()
            if Array(out.utf8) != Array(text.utf8) {
                XCTFail("document \(n) did not round-trip: \(text.debugDescription)")
                return
            }
        }
        // The generator makes valid files; nearly all must parse (botocore agrees, see the
        // differential tests), so the round trip covers them.
        XCTAssertGreaterThan(parsed, 9_000)
    }

    func testCanonicallyEquivalentNamesStayDistinct() throws {
        // Python compares code points: "é" and "e\u{301}" are two profiles, later does not win.
        let doc = try ConfigDocument(text: "[profile \u{E9}]\na=1\n[profile e\u{301}]\na=2\n")
        XCTAssertEqual(doc.profiles.count, 2)
        XCTAssertEqual(doc.profile(named: "\u{E9}")?.values["a"], "1")
        XCTAssertEqual(doc.profile(named: "e\u{301}")?.values["a"], "2")
    }

    func testParseErrorsNameTheLine() {
        let cases: [(String, Int)] = [
            ("region = x\n[default]\n", 1),
            ("[default]\na = 1\n\n[profile x]\nno delimiter here\n", 5),
            ("[profile x]\na=1\n[profile x]\n", 3),
            ("[default]\na=1\nA=2\n", 3),
            ("[default]\ns3 =\n  ok = 1\n  broken\n", 4),
            ("\u{FEFF}[default]\n", 1),
        ]
        for (text, line) in cases {
            XCTAssertThrowsError(try ConfigDocument(text: text, path: "/x/config")) { e in
                guard let e = e as? ConfigParseError else { return XCTFail("wrong error \(e)") }
                XCTAssertEqual(e.line, line, text.debugDescription)
                XCTAssertEqual(e.path, "/x/config")
                XCTAssertTrue(e.description.hasPrefix("/x/config:\(line): "))
            }
        }
    }

    func testTypedViews() throws {
        let doc = try ConfigDocument(text: """
            [profile dev]
            SSO_Session = corp
            sso_account_id : 123456789012
            sso_role_name = Admin
            region = us-east-1 # x
            s3 =
              addressing_style = path
            [sso-session corp]
            sso_start_url = https://d-1234567890.awsapps.com/start
            sso_region = eu-west-1
            sso_registration_scopes = sso:account:access, ,codewhisperer:completions
            [profile legacy]
            sso_start_url = https://x.awsapps.com/start/
            sso_region = us-east-1
            sso_account_id = 1
            sso_role_name = R
            [services svc]
            sso_oidc =
              endpoint_url = http://127.0.0.1:1/o
            """)
        let dev = try XCTUnwrap(doc.profile(named: "dev"))
        XCTAssertEqual(dev.ssoSession, "corp")
        XCTAssertEqual(dev.ssoAccountId, "123456789012")
        XCTAssertEqual(dev.region, "us-east-1 # x")
        XCTAssertEqual(dev.nested["s3"], ["addressing_style": "path"])
        XCTAssertTrue(dev.isSSO)
        XCTAssertFalse(dev.isLegacySSO)
        let s = try XCTUnwrap(doc.ssoSession(named: "corp"))
        XCTAssertEqual(s.scopes, ["sso:account:access", "codewhisperer:completions"])
        XCTAssertEqual(s.region, "eu-west-1")
        XCTAssertTrue(try XCTUnwrap(doc.profile(named: "legacy")).isLegacySSO)
        XCTAssertEqual(doc.value(section: .services("svc"), key: "sso_oidc", subKey: "endpoint_url"), "http://127.0.0.1:1/o")
        XCTAssertEqual(doc.profiles(usingSession: "corp"), ["dev"])
        XCTAssertEqual(doc.profileNames(session: "corp", accountId: "123456789012", roleName: "Admin"), ["dev"])
        XCTAssertEqual(doc.profileNames(session: "corp", accountId: "123456789012", roleName: "Other"), [])
        XCTAssertEqual(doc.value(section: .profile("dev"), key: "SSO_SESSION"), .string("corp"))
    }
}
