import XCTest
@testable import Core

final class ConfigEditTests: XCTestCase {
    let base = """
        # my config
        [default]
        region = us-east-1

        ; the dev profile
        [profile dev]  # hand-written
          sso_session   =  corp
          sso_account_id = 111111111111
          sso_role_name = Admin
          s3 =
              addressing_style = path

        # prod below
        [profile prod]
        sso_session = corp
        sso_account_id = 222222222222
        sso_role_name = ReadOnly
        [sso-session corp]
        sso_start_url = https://d-1234567890.awsapps.com/start
        sso_region = us-east-1

        """

    func lines(_ s: String) -> [String] { s.components(separatedBy: "\n") }

    func testUpdateValueTouchesOnlyThatLineAndKeepsSpacing() throws {
        var doc = try ConfigDocument(text: base)
        try doc.upsertProfile(ProfileConfig(name: "dev", ssoSession: "other"))
        let a = lines(base), b = lines(doc.render())
        XCTAssertEqual(a.count, b.count)
        let diff = zip(a, b).enumerated().filter { $0.element.0 != $0.element.1 }
        XCTAssertEqual(diff.count, 1)
        XCTAssertEqual(diff.first?.element.1, "  sso_session   =  other")
        // Same value again: nothing changes at all.
        var again = doc
        try again.upsertProfile(ProfileConfig(name: "dev", ssoSession: "other"))
        XCTAssertEqual(again.render(), doc.render())
    }

    func testNewKeyGoesAfterLastEntryWithSameIndent() throws {
        var doc = try ConfigDocument(text: base)
        try doc.setValue("eu-west-1", forKey: "region", in: .profile("dev"))
        let out = doc.render()
        XCTAssertTrue(out.contains("      addressing_style = path\n  region = eu-west-1\n\n# prod below"), out)
        XCTAssertEqual(doc.profile(named: "dev")?.region, "eu-west-1")
        XCTAssertEqual(doc.profile(named: "dev")?.nested["s3"], ["addressing_style": "path"])
    }

    func testNewSectionAppendedInConfigureSSOLayout() throws {
        var doc = try ConfigDocument(text: "[default]\nregion = x")   // no final newline
        try doc.upsertSSOSession(SSOSessionConfig(name: "my sso", startURL: "https://a.awsapps.com/start",
                                                  region: "us-east-1", scopes: ["sso:account:access"]))
        try doc.upsertProfile(ProfileConfig(name: "new one", ssoSession: "my sso", ssoAccountId: "123456789012",
                                            ssoRoleName: "Admin", region: "us-west-2", output: "json"))
        XCTAssertEqual(doc.render(), """
            [default]
            region = x
            [sso-session 'my sso']
            sso_start_url = https://a.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            [profile 'new one']
            sso_session = my sso
            sso_account_id = 123456789012
            sso_role_name = Admin
            region = us-west-2
            output = json

            """)
        XCTAssertEqual(doc.profile(named: "new one")?.ssoSession, "my sso")
    }

    func testCRLFFileGetsCRLFLines() throws {
        var doc = try ConfigDocument(text: "[default]\r\nregion = x\r\n")
        try doc.setValue("json", forKey: "output", in: .profile("default"))
        try doc.upsertProfile(ProfileConfig(name: "p", region: "r"))
        XCTAssertEqual(doc.render(), "[default]\r\nregion = x\r\noutput = json\r\n[profile p]\r\nregion = r\r\n")
    }

    func testRenameRewritesHeaderOnly() throws {
        var doc = try ConfigDocument(text: base)
        try doc.renameProfile(from: "dev", to: "development")
        XCTAssertTrue(doc.render().contains("\n[profile development]  # hand-written\n"))
        XCTAssertEqual(lines(doc.render()).count, lines(base).count)
        XCTAssertNil(doc.profile(named: "dev"))
        XCTAssertEqual(doc.profile(named: "development")?.ssoAccountId, "111111111111")
        try doc.renameProfile(from: "default", to: "old default")
        XCTAssertTrue(doc.render().contains("[profile 'old default']\nregion = us-east-1"))
        try doc.renameProfile(from: "prod", to: "default")
        XCTAssertTrue(doc.render().contains("[default]\nsso_session = corp\nsso_account_id = 222222222222"))
        XCTAssertThrowsError(try doc.renameProfile(from: "development", to: "default")) {
            XCTAssertEqual($0 as? ConfigEditError, .profileExists("default"))
        }
        XCTAssertThrowsError(try doc.renameProfile(from: "nope", to: "x")) {
            XCTAssertEqual($0 as? ConfigEditError, .profileNotFound("nope"))
        }
    }

    func testRemoveProfileKeepsCommentOfNextSection() throws {
        var doc = try ConfigDocument(text: base)
        try doc.removeProfile("dev")
        XCTAssertEqual(doc.render(), """
            # my config
            [default]
            region = us-east-1

            ; the dev profile
            # prod below
            [profile prod]
            sso_session = corp
            sso_account_id = 222222222222
            sso_role_name = ReadOnly
            [sso-session corp]
            sso_start_url = https://d-1234567890.awsapps.com/start
            sso_region = us-east-1

            """)
    }

    func testRemoveSessionInUse() throws {
        var doc = try ConfigDocument(text: base)
        XCTAssertThrowsError(try doc.removeSSOSession("corp")) {
            XCTAssertEqual($0 as? ConfigEditError, .ssoSessionInUse(name: "corp", profiles: ["dev", "prod"]))
            XCTAssertTrue("\($0)".contains("'dev', 'prod'"))
        }
        XCTAssertEqual(doc.render(), base)
        try doc.removeSSOSession("corp", force: true)
        XCTAssertNil(doc.ssoSession(named: "corp"))
        XCTAssertTrue(doc.render().hasSuffix("sso_role_name = ReadOnly\n"))
    }

    func testNewSectionsFollowTheFilesBlankLineStyle() throws {
        var spaced = try ConfigDocument(text: "[default]\nregion = r\n\n[profile a]\nregion = r\n")
        try spaced.upsertProfile(ProfileConfig(name: "b", region: "x"))
        XCTAssertEqual(spaced.render(), "[default]\nregion = r\n\n[profile a]\nregion = r\n\n[profile b]\nregion = x\n")
        var tight = try ConfigDocument(text: "[default]\nregion = r\n[profile a]\nregion = r\n")
        try tight.upsertProfile(ProfileConfig(name: "b", region: "x"))
        XCTAssertEqual(tight.render(), "[default]\nregion = r\n[profile a]\nregion = r\n[profile b]\nregion = x\n")
        let again = try ConfigDocument(text: spaced.render())
        XCTAssertEqual(again.parsed, spaced.parsed)
    }

    func testSetDefaultCopiesSettings() throws {
        var doc = try ConfigDocument(text: base)
        try doc.setDefault(profile: "dev")
        let d = try XCTUnwrap(doc.profile(named: "default"))
        // Issue 11: the SSO keys (and region/output) of dev; [default]'s own other keys stay,
        // nothing else of dev (the s3 block, a sso_tui_generated marker) is copied.
        XCTAssertEqual(d.values, ["sso_session": "corp", "sso_account_id": "111111111111", "sso_role_name": "Admin",
                                  "region": "us-east-1"])
        XCTAssertEqual(d.nested, [:])
        XCTAssertTrue(doc.render().hasPrefix("# my config\n[default]\n"))
        var doc3 = try ConfigDocument(text: "[default]\ncli_pager =\nsso_start_url = https://old/start\n[profile g]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\nsso_tui_generated = true\n")
        try doc3.setDefault(profile: "g")
        let d3 = try XCTUnwrap(doc3.profile(named: "default"))
        XCTAssertEqual(d3.values, ["cli_pager": "", "sso_session": "s", "sso_account_id": "1", "sso_role_name": "R"],
                       "the legacy SSO key of [default] goes (two identities would mix); cli_pager stays; no marker")
        // No [default] yet: appended.
        var doc2 = try ConfigDocument(text: "[profile a]\nregion = r\n")
        try doc2.setDefault(profile: "a")
        XCTAssertEqual(doc2.render(), "[profile a]\nregion = r\n[default]\nregion = r\n")
    }

    func testNameValidation() throws {
        var doc = ConfigDocument.empty()
        for bad in ["", "a\nb", "x]", "[x", " lead", "trail ", "ctl\u{1}"] {
            XCTAssertThrowsError(try doc.upsertProfile(ProfileConfig(name: bad, region: "r")), bad.debugDescription) {
                guard case .invalidName = $0 as? ConfigEditError else { return XCTFail("\($0)") }
            }
        }
        // Quotes and backslashes are fine when quoted the shlex way; botocore reads them back.
        for good in ["a'b", "a\"b", "back\\slash", "with space", "ünï", "a#b", "a;b"] {
            try doc.upsertProfile(ProfileConfig(name: good, region: "r"))
            XCTAssertEqual(doc.profile(named: good)?.region, "r", good)
        }
        XCTAssertThrowsError(try doc.setValue("a\nb", forKey: "region", in: .profile("x")))
        XCTAssertThrowsError(try doc.setValue(" lead", forKey: "region", in: .profile("x")))
        XCTAssertThrowsError(try doc.setValue("v", forKey: "Region", in: .profile("x")))
        XCTAssertThrowsError(try doc.setValue("v", forKey: "a=b", in: .profile("x")))
    }

    func testConvertingLegacyProfileToSessionDropsLegacyKeys() throws {
        var doc = try ConfigDocument(text: "[profile old]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n")
        try doc.upsertProfile(ProfileConfig(name: "old", ssoSession: "corp", ssoAccountId: "1", ssoRoleName: "R"))
        XCTAssertEqual(doc.render(), "[profile old]\nsso_account_id = 1\nsso_role_name = R\nsso_session = corp\n")
    }

    func testRemovalNeverMergesLoneCRWithNextLine() throws {
        // "a\r" + (removed "x = 1\n") + "\n": removing the middle line must not turn the
        // lone CR and the empty LF line into one CRLF (a blank line inside a value would vanish).
        var doc = try ConfigDocument(text: "[profile p]\ra = 1\rx = 1\n\ny = 2\n")
        try doc.setValue(nil, forKey: "x", in: .profile("p"))
        XCTAssertEqual(doc.render(), "[profile p]\ra = 1\n\ny = 2\n")
        XCTAssertEqual(try ConfigDocument(text: doc.render()).lines.count, doc.lines.count)
        XCTAssertEqual(doc.profile(named: "p")?.values, ["a": "1", "y": "2"])
        // Everywhere else the neighbours keep their bytes, including a missing final newline.
        var doc2 = try ConfigDocument(text: "[profile a]\nx=1\n[profile b]\ny=2")
        try doc2.removeProfile("b")
        XCTAssertEqual(doc2.render(), "[profile a]\nx=1\n")
    }

    func testArbitraryKeysForPopulate() throws {
        var doc = try ConfigDocument(text: base)
        try doc.setValues([("sso_tui_generated", "true"), ("region", nil)], in: .profile("prod"))
        XCTAssertEqual(doc.profile(named: "prod")?.values["sso_tui_generated"], "true")
        try doc.setValue(nil, forKey: "sso_tui_generated", in: .profile("prod"))
        XCTAssertEqual(doc.render(), base)
    }

    /// Random edits on generated documents: the edited document parses, the target reads back
    /// as intended, every other section reads the same, and all lines outside the edited section
    /// are byte-identical.
    func testRandomEditsTouchOnlyTheirSection() throws {
        var g = ConfigGenerator(seed: 7)
        var done = 0
        while done < 400 {
            let text = g.document(maxSections: 8)
            guard let doc = try? ConfigDocument(text: text) else { continue }
            let profiles = doc.profiles
            guard !profiles.isEmpty else { continue }
            let target = g.pick(profiles).name
            let targetRanges = doc.parsed.indices(.profile(target)).map { doc.parsed.sections[$0] }
            var edited = doc
            let op = g.int(4)
            do {
                switch op {
                case 0: try edited.setValues([("region", "zz-test-1"), ("sso_tui_generated", "true")], in: .profile(target))
                case 1: try edited.removeProfile(target)
                case 2: try edited.upsertProfile(ProfileConfig(name: "brand new \(done)", ssoSession: "s", ssoAccountId: "123456789012", ssoRoleName: "R"))
                default: try edited.setValue(nil, forKey: g.pick(Array(doc.profile(named: target)!.values.keys) + ["region"]), in: .profile(target))
                }
            } catch ConfigEditError.verificationFailed(let m) {
                XCTFail("verification failed: \(m) on \(text.debugDescription)"); return
            } catch ConfigEditError.invalidName {
                continue   // generated names like "a b" quoted oddly are still fine; invalid ones skipped
            }
            done += 1
            let reparsed = try ConfigDocument(text: edited.render())
            XCTAssertEqual(reparsed.lines, edited.lines, "the edited text splits into the same lines (op \(op))")
            XCTAssertEqual(reparsed.parsed, edited.parsed, "the incremental parse equals a full parse (op \(op))")
            // Other profiles and sessions read the same.
            for p in profiles where !p.name.utf8.elementsEqual(target.utf8) {
                XCTAssertEqual(reparsed.profile(named: p.name), p, "profile \(p.name) changed by op \(op)")
            }
            XCTAssertEqual(reparsed.ssoSessions, doc.ssoSessions)
            // Lines outside the target section(s) are byte-identical.
            func outside(_ d: ConfigDocument, _ secs: [RawSection]) -> [ConfigDocument.Line] {
                var skip = Set<Int>()
                for s in secs { for i in s.headerLine..<s.endLine { skip.insert(i) } }
                return d.lines.enumerated().filter { !skip.contains($0.offset) }.map(\.element)
            }
            let before = outside(doc, targetRanges)
            switch op {
            case 2:
                // Appended at the end: everything before is unchanged except a final newline added.
                var old = doc.lines
                if let l = old.indices.last, old[l].eol.isEmpty { old[l].eol = edited.lines[l].eol }
                XCTAssertEqual(Array(edited.lines.prefix(old.count)), old)
            case 1:
                // Removed sections: the rest is the same sequence of lines (comments above the next
                // header may remain, so compare as a subsequence).
                // (Texts only: see testRemovalNeverMergesLoneCRWithNextLine for the one case where
                // the terminator of the line before a removed section changes.)
                var it = edited.lines.makeIterator()
                var ok = true
                for l in before { var found = false; while let e = it.next() { if e.text == l.text { found = true; break } }; if !found { ok = false; break } }
                XCTAssertTrue(ok)
                XCTAssertEqual(reparsed.lines.count, edited.lines.count, "line structure changed")
            default:
                let newRanges = reparsed.parsed.indices(.profile(target)).map { reparsed.parsed.sections[$0] }
                XCTAssertEqual(outside(edited, newRanges), before, "op \(op)")
            }
            if op == 0 {
                XCTAssertEqual(reparsed.profile(named: target)?.region, "zz-test-1")
                XCTAssertEqual(reparsed.profile(named: target)?.values["sso_tui_generated"], "true")
            }
            if op == 1 { XCTAssertNil(reparsed.profile(named: target)) }
        }
    }
}
