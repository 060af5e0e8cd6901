import XCTest
@testable import Core

final class PopulateTests: XCTestCase {
    func testSlugsAndDefaultNames() {
        XCTAssertEqual(ProfileNaming.slug("Zürich"), "zurich")
        XCTAssertEqual(ProfileNaming.slug("  Payments  PROD!! "), "payments-prod")
        // Issue 11: a non-Latin account name still tells which account it is.
        XCTAssertEqual(ProfileNaming.slug("東京-analytics"), "dong-jing-analytics")
        XCTAssertEqual(ProfileNaming.slug("Москва-prod"), "moskva-prod")
        XCTAssertEqual(ProfileNaming.roleSlug("AWSAdministratorAccess"), "administrator")
        XCTAssertEqual(ProfileNaming.roleSlug("AWSReadOnlyAccess"), "readonly")
        XCTAssertEqual(ProfileNaming.roleSlug("AWS"), "aws")
        XCTAssertEqual(ProfileNaming.roleSlug("AWSome"), "awsome")
        XCTAssertEqual(ProfileNaming.roleSlug("PowerUserAccess"), "poweruser")
        XCTAssertEqual(ProfileNaming.roleSlug("Access"), "access")
        XCTAssertEqual(ProfileNaming.defaultName(account: Account(accountId: "123456789012", accountName: "acme-dev"), role: "PowerUserAccess"),
                       "acme-dev-poweruser")
        XCTAssertEqual(ProfileNaming.defaultName(account: Account(accountId: "123456789012"), role: "ReadOnly"), "123456789012-readonly")
        XCTAssertEqual(ProfileNaming.render("{session}.{account_id}.{role_name}", account: Account(accountId: "1"), role: "Admin", session: "My SSO"),
                       "my-sso.1.admin")
        XCTAssertThrowsError(try ProfileNaming.validate(template: "{account_name}"))
        XCTAssertThrowsError(try ProfileNaming.validate(template: "{x}{role_name}{account_id}"))
        XCTAssertNoThrow(try ProfileNaming.validate(template: "{account_id}-{role_name}"))
    }

    func testCollisionsArePredictableAndHandMadeProfilesStay() throws {
        let doc = try ConfigDocument(text: "[profile acme-admin]\nregion = x\n")
        let accounts = [Account(accountId: "111111111111", accountName: "acme"), Account(accountId: "222222222222", accountName: "ACME")]
        let roles = [AccountRole(accountId: "111111111111", roleName: "AdminAccess"), AccountRole(accountId: "222222222222", roleName: "Admin")]
        let plan = Populator(session: "s").plan(doc: doc, accounts: accounts, roles: roles)
        XCTAssertEqual(plan.added.map(\.name), ["acme-admin-111111111111", "acme-admin-222222222222"])
        var d = doc
        try Populator(session: "s").apply(plan, to: &d, prune: true)
        XCTAssertEqual(d.profile(named: "acme-admin")?.values, ["region": "x"])
        XCTAssertEqual(d.profile(named: "acme-admin-222222222222")?.values["sso_tui_generated"], "true")
        // Re-planning finds its own profiles by (account, role), whatever their names.
        let again = Populator(session: "s").plan(doc: d, accounts: accounts, roles: roles)
        XCTAssertTrue(again.added.isEmpty)
        XCTAssertEqual(again.unchanged.count, 2)
        let shrunk = Populator(session: "s").plan(doc: d, accounts: accounts, roles: [roles[0]])
        XCTAssertEqual(shrunk.stale.map(\.name), ["acme-admin-222222222222"])
        // Another session's generated profiles are not this session's to prune.
        XCTAssertTrue(Populator(session: "other").plan(doc: d, accounts: [], roles: []).stale.isEmpty)
    }

    func testScopeLimitsAddingAndPruningToItsAccounts() throws {
        let accounts = [Account(accountId: "111111111111", accountName: "one"), Account(accountId: "222222222222", accountName: "two")]
        let roles = [AccountRole(accountId: "111111111111", roleName: "Admin"), AccountRole(accountId: "111111111111", roleName: "Dev"),
                     AccountRole(accountId: "222222222222", roleName: "Admin")]
        var d = try ConfigDocument(text: "")
        let pop = Populator(session: "s")
        try pop.apply(pop.plan(doc: d, accounts: accounts, roles: roles), to: &d, prune: false)
        XCTAssertEqual(d.profiles.count, 3)
        // Account two's listing (the TUI's Roles pane) lost Admin; account one is out of scope.
        let scoped = pop.plan(doc: d, accounts: accounts, roles: [roles[0]], scope: ["222222222222"])
        XCTAssertEqual(scoped.stale.map(\.name), ["two-admin"])
        XCTAssertTrue(scoped.added.isEmpty && scoped.unchanged.isEmpty)
        // Scoped to account one with both roles: nothing of account two is touched.
        let one = pop.plan(doc: d, accounts: accounts, roles: roles, scope: ["111111111111"])
        XCTAssertEqual(one.unchanged.map(\.name), ["one-admin", "one-dev"])
        XCTAssertTrue(one.stale.isEmpty)
        // Unscoped, the same listing would prune account one's profiles.
        XCTAssertEqual(Set(pop.plan(doc: d, accounts: accounts, roles: [roles[2]]).stale.map(\.name)), ["one-admin", "one-dev"])
    }

    func testUnifiedDiff() {
        let a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
        let b = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n"
        let d = LineDiff.unified(a, b, fromName: "x", toName: "y")
        XCTAssertTrue(d.hasPrefix("--- x\n+++ y\n@@ -1,"))
        XCTAssertTrue(d.contains("-d\n+D\n"))
        XCTAssertTrue(d.contains("+k\n"))
        XCTAssertEqual(LineDiff.unified(a, a, fromName: "x", toName: "y"), "")
    }

    /// `populate --dry-run --region X` on a config with 5,000 generated profiles changes a line in
    /// every section: the diff must stay minimal and fast (an LCS table would need 10^9 cells).
    func testDiffOfABigConfigWithChangesEverywhere() {
        var before = "", after = ""
        for i in 0..<5000 {
            let sec = "[profile p\(i)]\nsso_session = acme\nsso_account_id = \(100000000000 + i)\nsso_role_name = Admin\n"
            before += sec + "region = us-east-1\nsso_tui_generated = true\n\n"
            after += sec + "region = eu-west-1\nsso_tui_generated = true\n\n"
        }
        after += "[profile new]\nregion = x\n"
        let t0 = Date()
        let ops = LineDiff.editScript(before.components(separatedBy: "\n"), after.components(separatedBy: "\n"))
        XCTAssertLessThan(Date().timeIntervalSince(t0), 20, "about linear, not quadratic")
        XCTAssertEqual(ops.filter { $0.0 == "-" }.map(\.1), Array(repeating: "region = us-east-1", count: 5000))
        XCTAssertEqual(ops.filter { $0.0 == "+" }.count, 5002)
        // The script rebuilds both texts.
        XCTAssertEqual(ops.filter { $0.0 != "+" }.map(\.1).joined(separator: "\n"), before)
        XCTAssertEqual(ops.filter { $0.0 != "-" }.map(\.1).joined(separator: "\n"), after)
        let d = LineDiff.unified(before, after, fromName: "a", toName: "b")
        XCTAssertEqual(d.components(separatedBy: "\n").filter { $0 == "-region = us-east-1" }.count, 5000)
        XCTAssertEqual(d.components(separatedBy: "\n").filter { $0.hasPrefix("@@") }.count, 1, "changes 6 lines apart share one hunk")
    }
}

final class PKCETests: XCTestCase {
    func testVerifierChallengeAndAuthorizeURLAsCLIv2() {
        let v = PKCE.makeVerifier()
        XCTAssertEqual(v.count, 64)
        XCTAssertTrue(v.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".contains($0) })
        // RFC 7636 appendix B example.
        XCTAssertEqual(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let url = PKCE.authorizeURL(oidcBase: "https://oidc.us-east-1.amazonaws.com/some/path", clientId: "cid123",
                                    redirectURI: "http://127.0.0.1:54321/oauth/callback", state: "d2c0ffee-0000-4000-8000-000000000000",
                                    scopes: ["sso:account:access", "codewhisperer:completions"],
                                    challenge: "BfxuCerIwcQ8UVReUPNhighNmgsRSRaql7gd4inevcg")
        // The verified example from docs/protocol.md §2.
        XCTAssertEqual(url, "https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=cid123&redirect_uri=http%3A%2F%2F127.0.0.1%3A54321%2Foauth%2Fcallback&state=d2c0ffee-0000-4000-8000-000000000000&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions&code_challenge=BfxuCerIwcQ8UVReUPNhighNmgsRSRaql7gd4inevcg")
    }
}

final class AccountTreeCacheTests: XCTestCase {
    func testRoundTripModesAndStartURLCheck() throws {
        let dir = NSTemporaryDirectory() + "atc-\(UUID().uuidString)/aws-sso-tui"
        let cache = AccountTreeCache(directory: dir)
        let accounts = (0..<2000).map { Account(accountId: String(format: "%012d", $0), accountName: $0 == 5 ? "Zürich" : "acct-\($0)",
                                                emailAddress: $0 % 3 == 0 ? nil : "a\($0)@x.example") }
        var roles: [String: [String]] = [:]
        for a in accounts.prefix(1500) { roles[a.accountId] = ["Admin", "ReadOnly"] }
        let snap = AccountTreeCache.Snapshot(session: "acme", startURL: "https://acme.awsapps.com/start",
                                             savedAt: Date(timeIntervalSince1970: 1_800_000_000), accounts: accounts, roles: roles)
        try cache.save(snap)
        XCTAssertEqual(cache.load(session: "acme", startURL: "https://acme.awsapps.com/start"), snap)
        XCTAssertNil(cache.load(session: "acme", startURL: "https://other.awsapps.com/start"))
        XCTAssertNil(cache.load(session: "other", startURL: "https://acme.awsapps.com/start"))
        var st = stat()
        stat(cache.path(session: "acme"), &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        stat(dir, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o700)
        try "{garbage".write(toFile: cache.path(session: "acme"), atomically: true, encoding: .utf8)
        XCTAssertNil(cache.load(session: "acme", startURL: "https://acme.awsapps.com/start"))
        XCTAssertEqual(AccountTreeCache.default(environment: ["HOME": "/h"]).directory, "/h/.cache/aws-sso-tui")
        XCTAssertEqual(AccountTreeCache.default(environment: ["HOME": "/h", "XDG_CACHE_HOME": "/x"]).directory, "/x/aws-sso-tui")
    }

    /// The hand-written encoder writes exactly what JSONSerialization (sorted keys, slashes
    /// unescaped) writes, escapes included.
    func testEncodingMatchesJSONSerialization() throws {
        let odd = "q\"b\\s/t\tn\nr\rc\u{01}\u{1f}é😀"
        let accounts = [Account(accountId: "111111111111", accountName: odd, emailAddress: "a@x.example"),
                        Account(accountId: "222222222222", accountName: nil, emailAddress: nil),
                        Account(accountId: "333333333333", accountName: "", emailAddress: odd)]
        let snap = AccountTreeCache.Snapshot(session: "s/\"1", startURL: "https://acme.awsapps.com/start#/",
                                             savedAt: Date(timeIntervalSince1970: 1_800_000_000), accounts: accounts,
                                             roles: ["111111111111": ["Admin", odd], "333333333333": []])
        let list: [[String: Any]] = [
            ["accountId": "111111111111", "accountName": odd, "emailAddress": "a@x.example", "roles": ["Admin", odd]],
            ["accountId": "222222222222"],
            ["accountId": "333333333333", "accountName": "", "emailAddress": odd, "roles": [String]()],
        ]
        let obj: [String: Any] = ["version": 1, "session": "s/\"1", "startUrl": "https://acme.awsapps.com/start#/",
                                  "savedAt": AWSTime.format(snap.savedAt), "accounts": list]
        let expected = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
        let got = AccountTreeCache.encode(snap)
        XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: expected, as: UTF8.self))
    }
}
