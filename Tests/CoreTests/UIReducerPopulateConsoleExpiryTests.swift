import XCTest
@testable import Core

/// The TUI side of populate, console, credentials, PKCE and token expiry.
final class UIReducerPopulateConsoleExpiryTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ name: String = "acme", expiresIn: TimeInterval? = 3600, refreshable: Bool = true) -> UISession {
        UISession(name: name, startURL: "https://\(name).awsapps.com/start", region: "eu-west-1", scopes: nil,
                  tokenExpiresAt: expiresIn.map { t0.addingTimeInterval($0) }, refreshable: refreshable)
    }

    let accounts = [
        Account(accountId: "111111111111", accountName: "Zürich"),
        Account(accountId: "222222222222", accountName: "zeta-prod"),
        Account(accountId: "333333333333", accountName: "acme-dev"),
    ]

    /// A state with the acme listing finished: every account has roles.
    func listed(profiles: [ProfileConfig] = [], failRoles: String? = nil) -> UIState {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session()], profiles: profiles))
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accountsComplete(total: 3)))
        for a in accounts {
            if a.accountId == failRoles {
                _ = UIReducer.reduce(&s, .listing(session: "acme", .accountFailed(accountId: a.accountId, message: "HTTP 500")))
                continue
            }
            let roles = ["ReadOnlyAccess", "AdministratorAccess"].map { AccountRole(accountId: a.accountId, roleName: $0) }
            _ = UIReducer.reduce(&s, .listing(session: "acme", .roles(accountId: a.accountId, roles: roles)))
        }
        _ = UIReducer.reduce(&s, .listing(session: "acme", .finished(ListingStats())))
        return s
    }

    // MARK: populate

    func testPopulateWaitsForAFinishedListing() {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session()], profiles: []))
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        XCTAssertEqual(UIReducer.reduce(&s, .openPopulate(accountIds: nil, label: "all")), [])
        XCTAssertEqual(s.screen, .main)
        XCTAssertEqual(s.message?.level, .warning)
        XCTAssertTrue(s.message!.text.contains("wait until the listing has finished"), s.message!.text)
    }

    func testPopulateRefusesAPartialListing() {
        var s = listed(failRoles: "222222222222")
        XCTAssertEqual(UIReducer.reduce(&s, .openPopulate(accountIds: nil, label: "all")), [])
        XCTAssertEqual(s.message?.level, .error)
        // Another account of the same session is fine on its own.
        let fx = UIReducer.reduce(&s, .openPopulate(accountIds: ["333333333333"], label: "acme-dev"))
        XCTAssertEqual(s.screen, .populate)
        guard case .previewPopulate(let req, 1, let accts, let roles)? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(req.accountIds, ["333333333333"])
        XCTAssertEqual(accts.map(\.accountId), ["333333333333"])
        XCTAssertEqual(Set(roles.map(\.roleName)), ["ReadOnlyAccess", "AdministratorAccess"])
        XCTAssertEqual(Set(roles.map(\.accountId)), ["333333333333"])
    }

    func testPopulatePreviewGenerationsAndSubmit() {
        var s = listed()
        var fx = UIReducer.reduce(&s, .openPopulate(accountIds: nil, label: "all 3 accounts of acme"))
        XCTAssertEqual(s.screen, .populate)
        guard case .previewPopulate(let req, 1, let accts, let roles)? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(req, UIPopulateRequest(session: "acme", region: "eu-west-1"))
        XCTAssertEqual(accts.count, 3)
        XCTAssertEqual(roles.count, 6)
        // A bad template is reported at once, without planning.
        var bad = req
        bad.template = "{account_name}"
        XCTAssertEqual(UIReducer.reduce(&s, .populateChanged(bad)), [])
        XCTAssertTrue(s.populate!.error!.hasPrefix("Template:"), s.populate!.error!)
        // A good change plans again under a new generation; an older answer is dropped.
        var good = req
        good.prune = true
        good.output = "json"
        fx = UIReducer.reduce(&s, .populateChanged(good))
        XCTAssertEqual(fx, [.previewPopulate(good, generation: 2, accounts: accts, roles: roles)])
        XCTAssertNil(s.populate!.error)
        var plan = PopulatePlan()
        plan.added = [.init(name: "zurich-readonly", accountId: "111111111111", roleName: "ReadOnlyAccess")]
        plan.stale = [.init(name: "old-admin", accountId: "999999999999", roleName: "Admin")]
        _ = UIReducer.reduce(&s, .populatePreviewed(UIPopulatePreview(request: req, generation: 1, plan: plan, accounts: accts)))
        XCTAssertNil(s.populate!.preview, "an answer for an older generation is dropped")
        _ = UIReducer.reduce(&s, .populatePreviewed(UIPopulatePreview(request: good, generation: 2, plan: plan, accounts: accts)))
        let pv = s.populate!.preview!
        XCTAssertEqual(pv.rows.map(\.kind), [.add, .remove])
        XCTAssertEqual(pv.rows[0].accountName, "Zürich")
        XCTAssertEqual(pv.summary, "1 to add, 0 to update, 0 unchanged, 1 to remove")
        XCTAssertEqual(pv.changes, 2)
        // Enter writes through the config store; success goes back to the main screen.
        fx = UIReducer.reduce(&s, .submitPopulate(good))
        XCTAssertEqual(fx, [.editConfig(.populate(good, accounts: accts, roles: roles))])
        XCTAssertEqual(UIReducer.reduce(&s, .configSaved(.populate(good, accounts: accts, roles: roles))), [.loadConfig])
        XCTAssertEqual(s.screen, .main)
        XCTAssertNil(s.populate)
    }

    func testPopulateWithNothingToChangeWritesNothingAndSaveErrorsStayOnScreen() {
        var s = listed()
        _ = UIReducer.reduce(&s, .openPopulate(accountIds: nil, label: "all"))
        let req = s.populate!.initial
        var plan = PopulatePlan()
        plan.unchanged = [.init(name: "a", accountId: "111111111111", roleName: "ReadOnlyAccess")]
        _ = UIReducer.reduce(&s, .populatePreviewed(UIPopulatePreview(request: req, generation: 1, plan: plan, accounts: accounts)))
        XCTAssertEqual(s.populate!.preview!.summary, "0 to add, 0 to update, 1 unchanged")
        XCTAssertEqual(UIReducer.reduce(&s, .submitPopulate(req)), [])
        XCTAssertEqual(s.screen, .main)
        XCTAssertTrue(s.message!.text.hasPrefix("Nothing to write"))
        // A failed write keeps the screen and shows why.
        _ = UIReducer.reduce(&s, .openPopulate(accountIds: nil, label: "all"))
        _ = UIReducer.reduce(&s, .configSaveFailed("config:3: bad line"))
        XCTAssertEqual(s.screen, .populate)
        XCTAssertEqual(s.populate?.error, "config:3: bad line")
        _ = UIReducer.reduce(&s, .back)
        XCTAssertEqual(s.screen, .main)
        XCTAssertNil(s.populate)
    }

    // MARK: console and credentials

    func testConsoleUsesTheRolesProfileRegionAndCopyCredentials() {
        let p = ProfileConfig(name: "zurich-ro", ssoSession: "acme", ssoAccountId: "111111111111", ssoRoleName: "ReadOnlyAccess",
                              region: "eu-central-2", output: nil)
        var s = listed(profiles: [p])
        XCTAssertEqual(UIReducer.reduce(&s, .openConsole(accountId: "111111111111", role: "ReadOnlyAccess")),
                       [.openConsole(session: "acme", accountId: "111111111111", role: "ReadOnlyAccess", region: "eu-central-2")])
        XCTAssertTrue(s.message!.text.contains("Zürich (111111111111)"), s.message!.text)
        XCTAssertEqual(UIReducer.reduce(&s, .openConsole(accountId: "222222222222", role: "AdministratorAccess")),
                       [.openConsole(session: "acme", accountId: "222222222222", role: "AdministratorAccess", region: "eu-west-1")])
        XCTAssertEqual(UIReducer.reduce(&s, .copyCredentials(accountId: "222222222222", role: "AdministratorAccess")),
                       [.copyCredentials(session: "acme", accountId: "222222222222", role: "AdministratorAccess")])
    }

    // MARK: PKCE

    func testSwitchingToPKCEAndBack() {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session(expiresIn: nil, refreshable: false)], profiles: []))
        XCTAssertEqual(UIReducer.reduce(&s, .activateSession("acme")),
                       [.cancelListing(session: "acme"), .login(session: "acme", method: .deviceCode)])
        XCTAssertEqual(UIReducer.reduce(&s, .switchLoginMethod), [.login(session: "acme", method: .pkce)])
        XCTAssertEqual(s.login?.method, .pkce)
        XCTAssertEqual(s.loginMethod, .pkce, "remembered for the next login")
        // A late device-code answer from the replaced login is ignored.
        let auth = DeviceAuthorization(deviceCode: "dc", userCode: "ABCD-EFGH", verificationUri: "https://x/device",
                                       verificationUriComplete: "https://x/device?user_code=ABCD-EFGH", expiresIn: 600, interval: 1)
        XCTAssertEqual(UIReducer.reduce(&s, .loginStarted(session: "acme", auth, startedAt: t0)), [])
        let url = "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&state=s"
        XCTAssertEqual(UIReducer.reduce(&s, .pkceStarted(session: "acme", url: url, callback: "http://127.0.0.1:4321/oauth/callback", startedAt: t0)),
                       [.openBrowser(url)])
        XCTAssertEqual(s.login?.browserURL, url)
        XCTAssertEqual(s.login?.remaining(at: t0.addingTimeInterval(60)), 540, "PKCE gives up after 10 minutes")
        XCTAssertEqual(UIReducer.reduce(&s, .openBrowserAgain), [.openBrowser(url)])
        XCTAssertEqual(UIReducer.reduce(&s, .copyLogin), [.copyToClipboard(url)])
        _ = UIReducer.reduce(&s, .loginFailed(session: "acme", "the login callback's state does not match; login aborted"))
        XCTAssertEqual(UIReducer.reduce(&s, .loginRetry), [.login(session: "acme", method: .pkce)])
        XCTAssertEqual(UIReducer.reduce(&s, .switchLoginMethod), [.login(session: "acme", method: .deviceCode)])
        XCTAssertEqual(s.loginMethod, .deviceCode)
    }

    // MARK: several sessions, expiry

    func testSoonestExpiryAcrossSessions() {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session("acme", expiresIn: 7200), session("dev", expiresIn: 900),
                                                          session("old", expiresIn: -60), session("none", expiresIn: nil)],
                                               profiles: []))
        XCTAssertEqual(s.soonestExpiry?.session, "dev")
        XCTAssertEqual(s.soonestExpiry?.expiresAt, t0.addingTimeInterval(900))
    }

    func testRefreshableTokenIsRefreshedOnceInsideTheWindow() {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session(expiresIn: 20 * 60)], profiles: []))
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0)), [.readTokens])
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0.addingTimeInterval(1))), [])
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0.addingTimeInterval(6 * 60))), [.readTokens, .refreshToken(session: "acme")])
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0.addingTimeInterval(6 * 60 + 1))), [], "tried once per token")
        _ = UIReducer.reduce(&s, .tokenRefreshed(session: "acme", expiresAt: t0.addingTimeInterval(8 * 3600)))
        XCTAssertEqual(s.sessions[0].tokenExpiresAt, t0.addingTimeInterval(8 * 3600))
        XCTAssertEqual(s.message?.level, .success)
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0.addingTimeInterval(6 * 60 + 10))), [], "the new token is far from expiry")
    }

    func testTokenThatCannotBeRefreshedIsWarnedAboutOnce() {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        _ = UIReducer.reduce(&s, .configLoaded(sessions: [session(expiresIn: 12 * 60), session("dev", expiresIn: 3600)],
                                               profiles: []))
        _ = UIReducer.reduce(&s, .tick(t0))
        XCTAssertEqual(UIReducer.reduce(&s, .tick(t0.addingTimeInterval(1))), [])
        // The refresh was tried at once (12 min left is inside the window) and failed.
        XCTAssertEqual(s.refreshTried["acme"], t0.addingTimeInterval(12 * 60))
        _ = UIReducer.reduce(&s, .tokenRefreshFailed(session: "acme", "the refresh token was not accepted"))
        XCTAssertFalse(s.sessions[0].refreshable)
        XCTAssertNil(s.message, "12 minutes left: not yet")
        _ = UIReducer.reduce(&s, .tick(t0.addingTimeInterval(3 * 60)))
        XCTAssertEqual(s.message?.level, .warning)
        XCTAssertTrue(s.message!.sticky)
        XCTAssertEqual(s.message?.text, "acme: the SSO token expires in 9m; select the session and press {login} to log in again")
        XCTAssertEqual(s.message?.rendered(keys: { $0 == .login ? "l" : "?" }),
                       "acme: the SSO token expires in 9m; select the session and press l to log in again")
        s.message = nil
        _ = UIReducer.reduce(&s, .tick(t0.addingTimeInterval(4 * 60)))
        XCTAssertNil(s.message, "warned once per token")
        // A new token read from the cache (e.g. `aws sso login` elsewhere) clears the state.
        _ = UIReducer.reduce(&s, .tokensRead(["acme": UITokenState(expiresAt: t0.addingTimeInterval(9 * 3600), refreshable: true)]))
        XCTAssertEqual(s.sessions[0].tokenExpiresAt, t0.addingTimeInterval(9 * 3600))
        XCTAssertEqual(s.soonestExpiry?.session, "dev")
    }
}
