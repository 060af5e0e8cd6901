import XCTest
@testable import Core

final class UIReducerTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ name: String = "acme", loggedIn: Bool = false) -> UISession {
        UISession(name: name, startURL: "https://\(name).awsapps.com/start", region: "eu-west-1",
                  scopes: ["sso:account:access"], tokenExpiresAt: loggedIn ? t0.addingTimeInterval(3600) : nil,
                  refreshable: loggedIn)
    }

    func auth(_ code: String = "ABCD-EFGH") -> DeviceAuthorization {
        DeviceAuthorization(deviceCode: "dc", userCode: code, verificationUri: "https://x/device",
                            verificationUriComplete: "https://x/device?user_code=\(code)", expiresIn: 600, interval: 1)
    }

    func loaded(_ sessions: [UISession], profiles: [ProfileConfig] = []) -> (UIState, [UIEffect]) {
        var s = UIState(configPath: "/h/.aws/config", now: t0)
        XCTAssertEqual(UIReducer.reduce(&s, .start), [.loadConfig])
        let fx = UIReducer.reduce(&s, .configLoaded(sessions: sessions, profiles: profiles))
        return (s, fx)
    }

    let accounts = [
        Account(accountId: "222222222222", accountName: "zeta-prod", emailAddress: "z@x"),
        Account(accountId: "111111111111", accountName: "Zürich", emailAddress: nil),
        Account(accountId: "333333333333", accountName: "acme-dev", emailAddress: "a@x"),
    ]

    // MARK: first run and sessions

    func testNoSessionOpensFirstRunForm() {
        let (s, fx) = loaded([])
        XCTAssertEqual(s.screen, .sessionForm)
        XCTAssertTrue(s.firstRun)
        XCTAssertEqual(fx, [])
    }

    func testSubmitCompatSessionMarksIt() throws {
        var (s, _) = loaded([])
        let fx = UIReducer.reduce(&s, .submitSession(UISessionDraft(name: "acme", startURL: "acme", region: "eu-west-1", scopes: "",
                                                                   compat: true)))
        let c = SSOSessionConfig(name: "acme", startURL: "https://acme.awsapps.com/start", region: "eu-west-1",
                                 scopes: ["sso:account:access"], values: [CompatProfiles.key: "true"])
        XCTAssertEqual(fx, [.editConfig(.saveSession(c))])
        var doc = try ConfigDocument(text: "# mine\n")
        try doc.upsertSSOSession(c)
        XCTAssertTrue(CompatProfiles.isCompat(doc, session: "acme"))
        XCTAssertTrue(doc.render().hasPrefix("# mine\n[sso-session acme]\n"), doc.render())
    }

    func testSubmitSessionExpandsPortalNameAndSaves() {
        var (s, _) = loaded([])
        let fx = UIReducer.reduce(&s, .submitSession(UISessionDraft(name: "acme", startURL: "acme", region: "eu-west-1", scopes: "")))
        XCTAssertEqual(fx, [.editConfig(.saveSession(SSOSessionConfig(name: "acme", startURL: "https://acme.awsapps.com/start",
                                                                       region: "eu-west-1", scopes: ["sso:account:access"])))])
        XCTAssertNil(s.sessionFormError)
        let fx2 = UIReducer.reduce(&s, .configSaved(.saveSession(SSOSessionConfig(name: "acme", startURL: "https://acme.awsapps.com/start",
                                                                                   region: "eu-west-1", scopes: ["sso:account:access"]))))
        XCTAssertEqual(fx2, [.loadConfig])
        XCTAssertEqual(s.screen, .main)
        XCTAssertEqual(s.selectedSession, "acme")
        XCTAssertEqual(s.focus, .sessions)
    }

    func testSubmitSessionRejectsBadInput() {
        var (s, _) = loaded([session()])
        _ = UIReducer.reduce(&s, .newSession)
        XCTAssertEqual(s.screen, .sessionForm)
        XCTAssertEqual(UIReducer.reduce(&s, .submitSession(UISessionDraft(name: "acme", startURL: "x", region: "us-east-1", scopes: ""))), [])
        XCTAssertTrue(s.sessionFormError?.contains("already exists") ?? false)
        XCTAssertEqual(UIReducer.reduce(&s, .submitSession(UISessionDraft(name: "b", startURL: "ftp://x", region: "us-east-1", scopes: ""))), [])
        XCTAssertTrue(s.sessionFormError?.hasPrefix("Start URL") ?? false)
        XCTAssertEqual(UIReducer.reduce(&s, .submitSession(UISessionDraft(name: "b", startURL: "b", region: "mars", scopes: ""))), [])
        XCTAssertTrue(s.sessionFormError?.hasPrefix("Region") ?? false)
        _ = UIReducer.reduce(&s, .back)
        XCTAssertEqual(s.screen, .main)
    }

    // MARK: login

    func testEnterOnLoggedOutSessionStartsLoginAndApprovalLoadsAccounts() {
        var (s, fx) = loaded([session()])
        XCTAssertEqual(fx, [])
        XCTAssertEqual(s.selectedSession, "acme")
        XCTAssertEqual(UIReducer.reduce(&s, .activateSession("acme")), [.cancelListing(session: "acme"), .login(session: "acme")])
        XCTAssertEqual(s.screen, .login)
        XCTAssertEqual(s.login?.phase, .starting)
        XCTAssertTrue(s.isLoading)
        // The browser is opened once, automatically, when the code is known.
        XCTAssertEqual(UIReducer.reduce(&s, .loginStarted(session: "acme", auth(), startedAt: t0)),
                       [.openBrowser("https://x/device?user_code=ABCD-EFGH")])
        XCTAssertEqual(s.login?.remaining(at: t0.addingTimeInterval(100)), 500)
        XCTAssertEqual(UIReducer.reduce(&s, .openBrowserAgain), [.openBrowser("https://x/device?user_code=ABCD-EFGH")])
        XCTAssertEqual(UIReducer.reduce(&s, .copyLogin), [.copyToClipboard("https://x/device?user_code=ABCD-EFGH ABCD-EFGH")])
        // Approval: back to main, focus on Accounts, listing starts with no further key.
        fx = UIReducer.reduce(&s, .loginSucceeded(session: "acme", expiresAt: t0.addingTimeInterval(3600)))
        XCTAssertEqual(fx, [.listAccounts(session: "acme")])
        XCTAssertEqual(s.screen, .main)
        XCTAssertEqual(s.focus, .accounts)
        XCTAssertNil(s.login)
        XCTAssertTrue(s.sessions[0].isLoggedIn(at: t0))
        XCTAssertEqual(s.listings["acme"]?.status, .loading)
    }

    func testLoginFailureRetryAndCancel() {
        var (s, _) = loaded([session()])
        _ = UIReducer.reduce(&s, .login("acme"))
        _ = UIReducer.reduce(&s, .loginStarted(session: "acme", auth(), startedAt: t0))
        _ = UIReducer.reduce(&s, .loginFailed(session: "acme", "the login was denied in the browser"))
        XCTAssertEqual(s.login?.phase, .failed("the login was denied in the browser"))
        XCTAssertEqual(s.screen, .login)
        XCTAssertEqual(UIReducer.reduce(&s, .loginRetry), [.login(session: "acme")])
        XCTAssertEqual(s.login?.phase, .starting)
        XCTAssertEqual(UIReducer.reduce(&s, .back), [.cancelLogin(session: "acme")])
        XCTAssertEqual(s.screen, .main)
        XCTAssertNil(s.login)
        // A late result of the cancelled login changes nothing.
        XCTAssertEqual(UIReducer.reduce(&s, .loginSucceeded(session: "acme", expiresAt: t0)), [])
        XCTAssertEqual(s.screen, .main)
    }

    func testLoggedInSessionLoadsOnStartup() {
        let (s, fx) = loaded([session(loggedIn: true)])
        XCTAssertEqual(fx, [.listAccounts(session: "acme")])
        XCTAssertEqual(s.focus, .accounts)
        XCTAssertEqual(s.screen, .main)
    }

    // MARK: listing

    func testAccountsArriveSortedAndSelectedAccountIsPrioritised() {
        var (s, _) = loaded([session(loggedIn: true)])
        var fx = UIReducer.reduce(&s, .listing(session: "acme", .accounts(Array(accounts.prefix(2)))))
        XCTAssertEqual(s.accounts.map(\.accountName), ["zeta-prod", "Zürich"])
        XCTAssertEqual(s.selectedAccount, "222222222222")
        XCTAssertEqual(fx, [.prioritize(session: "acme", accountId: "222222222222")])
        fx = UIReducer.reduce(&s, .listing(session: "acme", .accounts([accounts[2]])))
        XCTAssertEqual(s.accounts.map(\.accountName), ["acme-dev", "zeta-prod", "Zürich"])
        XCTAssertEqual(s.selectedAccount, "222222222222", "the selection stays on its account")
        // Moving the cursor prioritises the account under it.
        XCTAssertEqual(UIReducer.reduce(&s, .selectAccount("111111111111")), [.prioritize(session: "acme", accountId: "111111111111")])
        _ = UIReducer.reduce(&s, .listing(session: "acme", .roles(accountId: "111111111111",
            roles: [AccountRole(accountId: "111111111111", roleName: "ReadOnlyAccess"),
                    AccountRole(accountId: "111111111111", roleName: "AdministratorAccess")])))
        XCTAssertEqual(s.roles, ["AdministratorAccess", "ReadOnlyAccess"])
        // Already loaded: nothing to prioritise; Enter focuses Roles.
        XCTAssertEqual(UIReducer.reduce(&s, .activateAccount("111111111111")), [])
        XCTAssertEqual(s.focus, .roles)
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accountsComplete(total: 3)))
        _ = UIReducer.reduce(&s, .listing(session: "acme", .finished(ListingStats())))
        XCTAssertEqual(s.listings["acme"]?.status, .done)
        XCTAssertFalse(s.isLoading)
        // Finished: moving no longer prioritises.
        XCTAssertEqual(UIReducer.reduce(&s, .selectAccount("333333333333")), [])
    }

    func testUnauthorizedMidBrowseGoesToLoginThenBack() {
        var (s, _) = loaded([session(loggedIn: true)])
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        _ = UIReducer.reduce(&s, .activateAccount("111111111111"))
        let fx = UIReducer.reduce(&s, .listing(session: "acme", .unauthorized("401")))
        XCTAssertEqual(fx, [.cancelListing(session: "acme"), .login(session: "acme")])
        XCTAssertEqual(s.screen, .login)
        XCTAssertNotNil(s.login?.reason)
        XCTAssertFalse(s.sessions[0].isLoggedIn(at: t0))
        _ = UIReducer.reduce(&s, .loginStarted(session: "acme", auth(), startedAt: t0))
        XCTAssertEqual(UIReducer.reduce(&s, .loginSucceeded(session: "acme", expiresAt: t0.addingTimeInterval(3600))),
                       [.listAccounts(session: "acme"), .prioritize(session: "acme", accountId: "111111111111")])
        XCTAssertEqual(s.screen, .main)
        XCTAssertEqual(s.selectedAccount, "111111111111", "back where the user was")
    }

    func testCachedListingShowsAtOnceAndLiveListingReplacesIt() {
        var (s, _) = loaded([session(loggedIn: true)])
        let gone = Account(accountId: "999999999999", accountName: "closed-account")
        _ = UIReducer.reduce(&s, .listingCached(session: "acme", accounts: [gone, accounts[1]],
                                                roles: ["999999999999": ["Admin"], "111111111111": ["Old"]], savedAt: t0))
        XCTAssertEqual(s.accounts.map(\.accountName), ["closed-account", "Zürich"])
        XCTAssertEqual(s.selectedAccount, "999999999999")
        XCTAssertTrue(s.listings["acme"]!.fromCache)
        // A cached snapshot never overwrites live data.
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        XCTAssertEqual(s.accounts.count, 4)
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accountsComplete(total: 3)))
        XCTAssertEqual(s.accounts.map(\.accountId), ["333333333333", "222222222222", "111111111111"])
        XCTAssertEqual(s.listings["acme"]!.roles, ["111111111111": ["Old"]])
        XCTAssertEqual(s.selectedAccount, "333333333333", "the vanished account's selection moves to the first")
        XCTAssertFalse(s.listings["acme"]!.fromCache)
        _ = UIReducer.reduce(&s, .listingCached(session: "acme", accounts: [gone], roles: [:], savedAt: t0))
        XCTAssertEqual(s.accounts.count, 3)
    }

    func testReloadRestartsListing() {
        var (s, _) = loaded([session(loggedIn: true)])
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        let fx = UIReducer.reduce(&s, .reload)
        XCTAssertEqual(fx.first, .loadConfig)
        XCTAssertTrue(fx.contains(.listAccounts(session: "acme")))
        XCTAssertEqual(s.listings["acme"]?.accounts, [])
        XCTAssertEqual(s.listings["acme"]?.status, .loading)
    }

    func testNeedsLoginFromRunnerOpensLogin() {
        var (s, _) = loaded([session(loggedIn: true)])
        XCTAssertEqual(UIReducer.reduce(&s, .needsLogin(session: "acme", "not logged in")),
                       [.cancelListing(session: "acme"), .login(session: "acme")])
        XCTAssertEqual(s.login?.reason, "not logged in")
    }

    func testFocusCycles() {
        var (s, _) = loaded([session()])
        XCTAssertEqual(s.focus, .sessions)
        _ = UIReducer.reduce(&s, .focusNext); XCTAssertEqual(s.focus, .accounts)
        _ = UIReducer.reduce(&s, .focusNext); XCTAssertEqual(s.focus, .roles)
        _ = UIReducer.reduce(&s, .focusNext); XCTAssertEqual(s.focus, .sessions)
        _ = UIReducer.reduce(&s, .focusPrevious); XCTAssertEqual(s.focus, .roles)
    }

    // MARK: profile editor

    func browsing(profiles: [ProfileConfig] = []) -> UIState {
        var (s, _) = loaded([session(loggedIn: true)], profiles: profiles)
        _ = UIReducer.reduce(&s, .listing(session: "acme", .accounts(accounts)))
        _ = UIReducer.reduce(&s, .listing(session: "acme", .roles(accountId: "111111111111",
            roles: [AccountRole(accountId: "111111111111", roleName: "PowerUserAccess")])))
        _ = UIReducer.reduce(&s, .activateAccount("111111111111"))
        return s
    }

    func testEnterOnRoleOpensEditorWithReadableDefault() {
        var s = browsing()
        XCTAssertEqual(UIReducer.reduce(&s, .activateRole(accountId: "111111111111", role: "PowerUserAccess")), [])
        XCTAssertEqual(s.screen, .editor)
        XCTAssertEqual(s.editor?.name, "zurich-poweruser")
        XCTAssertEqual(s.editor?.region, "eu-west-1", "defaults to the session's region")
        XCTAssertEqual(s.editor?.output, "json")
        let fx = UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "zh", region: "eu-central-1", output: "yaml")))
        XCTAssertEqual(fx, [.editConfig(.saveProfile(ProfileConfig(name: "zh", ssoSession: "acme", ssoAccountId: "111111111111",
                                                                   ssoRoleName: "PowerUserAccess", region: "eu-central-1",
                                                                   output: "yaml"), renameFrom: nil, overwrite: false))])
        let saved = UIReducer.reduce(&s, .configSaved(.saveProfile(ProfileConfig(name: "zh"), renameFrom: nil, overwrite: false)))
        XCTAssertEqual(saved, [.loadConfig])
        XCTAssertEqual(s.screen, .main)
        XCTAssertEqual(s.savedProfile, "zh")
        XCTAssertTrue(s.message?.text.contains("export AWS_PROFILE=zh") ?? false)
    }

    func testDefaultNameAvoidsTakenNamesAndExistingProfileIsEdited() {
        let other = ProfileConfig(name: "zurich-poweruser", region: "us-east-1")
        var s = browsing(profiles: [other])
        _ = UIReducer.reduce(&s, .activateRole(accountId: "111111111111", role: "PowerUserAccess"))
        XCTAssertEqual(s.editor?.name, "zurich-poweruser-2")
        _ = UIReducer.reduce(&s, .back)
        let mine = ProfileConfig(name: "zh", ssoSession: "acme", ssoAccountId: "111111111111", ssoRoleName: "PowerUserAccess",
                                 region: "ap-south-1", output: "table")
        _ = UIReducer.reduce(&s, .configLoaded(sessions: s.sessions, profiles: [other, mine]))
        XCTAssertEqual(s.profileName(session: "acme", accountId: "111111111111", role: "PowerUserAccess"), "zh")
        _ = UIReducer.reduce(&s, .activateRole(accountId: "111111111111", role: "PowerUserAccess"))
        XCTAssertEqual(s.editor?.existingName, "zh")
        XCTAssertEqual(s.editor?.region, "ap-south-1")
        XCTAssertEqual(s.editor?.output, "table")
        // Renaming while editing.
        let fx = UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "zh2", region: "ap-south-1", output: "table")))
        guard case .editConfig(.saveProfile(_, let from, false))? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(from, "zh")
    }

    func testOverwritingAnotherProfileAsksFirst() {
        var s = browsing(profiles: [ProfileConfig(name: "taken", region: "us-east-1")])
        _ = UIReducer.reduce(&s, .activateRole(accountId: "111111111111", role: "PowerUserAccess"))
        XCTAssertEqual(UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "taken", region: "us-east-1", output: "json"))), [])
        XCTAssertEqual(s.confirm, .overwriteProfile(UIProfileDraft(name: "taken", region: "us-east-1", output: "json")))
        XCTAssertEqual(UIReducer.reduce(&s, .confirm(false)), [])
        XCTAssertEqual(s.screen, .editor)
        _ = UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "taken", region: "us-east-1", output: "json")))
        let fx = UIReducer.reduce(&s, .confirm(true))
        guard case .editConfig(.saveProfile(let p, nil, true))? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(p.name, "taken")
    }

    func testEditorRejectsIllegalNames() {
        var s = browsing()
        _ = UIReducer.reduce(&s, .activateRole(accountId: "111111111111", role: "PowerUserAccess"))
        XCTAssertEqual(UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "a[b]", region: "us-east-1", output: "json"))), [])
        XCTAssertNotNil(s.editorError)
        XCTAssertEqual(UIReducer.reduce(&s, .submitProfile(UIProfileDraft(name: "ok", region: "us-east-1", output: "xml"))), [])
        XCTAssertTrue(s.editorError?.hasPrefix("Output") ?? false)
        _ = UIReducer.reduce(&s, .configSaveFailed("disk full"))
        XCTAssertEqual(s.editorError, "disk full")
    }

    // MARK: profiles view

    func testProfilesViewRenameDeleteDefault() {
        let p1 = ProfileConfig(name: "dev", ssoSession: "acme", ssoAccountId: "1", ssoRoleName: "R")
        let p2 = ProfileConfig(name: "static", region: "us-east-1")
        var (s, _) = loaded([session()], profiles: [p1, p2])
        _ = UIReducer.reduce(&s, .showProfiles)
        XCTAssertEqual(s.screen, .profiles)
        XCTAssertEqual(UIReducer.reduce(&s, .renameProfile(from: "dev", to: "static")), [])
        XCTAssertEqual(s.message?.level, .error)
        XCTAssertEqual(UIReducer.reduce(&s, .renameProfile(from: "dev", to: "dev2")), [.editConfig(.renameProfile(from: "dev", to: "dev2"))])
        XCTAssertEqual(UIReducer.reduce(&s, .deleteProfile("dev")), [])
        XCTAssertEqual(s.confirm, .deleteProfile("dev"))
        XCTAssertEqual(UIReducer.reduce(&s, .confirm(true)), [.editConfig(.removeProfile("dev"))])
        XCTAssertEqual(UIReducer.reduce(&s, .makeDefault("dev")), [], "asks first")
        XCTAssertEqual(s.confirm, .makeDefault("dev"))
        XCTAssertEqual(UIReducer.reduce(&s, .confirm(true)), [.editConfig(.setDefault("dev"))])
        // Non-SSO profiles are read-only.
        XCTAssertEqual(UIReducer.reduce(&s, .editProfile("static")), [])
        XCTAssertEqual(s.screen, .profiles)
        XCTAssertEqual(s.message?.level, .warning)
        _ = UIReducer.reduce(&s, .editProfile("dev"))
        XCTAssertEqual(s.screen, .editor)
        XCTAssertEqual(s.editor?.returnTo, .profiles)
        _ = UIReducer.reduce(&s, .back)
        XCTAssertEqual(s.screen, .profiles)
        _ = UIReducer.reduce(&s, .back)
        XCTAssertEqual(s.screen, .main)
    }

    func testLogout() {
        var (s, _) = loaded([session(loggedIn: true)])
        XCTAssertEqual(UIReducer.reduce(&s, .logout("acme")), [], "asks first")
        XCTAssertEqual(s.confirm, .logout("acme"))
        XCTAssertEqual(UIReducer.reduce(&s, .confirm(false)), [])
        XCTAssertNil(s.confirm)
        _ = UIReducer.reduce(&s, .logout("acme"))
        XCTAssertEqual(UIReducer.reduce(&s, .confirm(true)), [.cancelListing(session: "acme"), .logout(session: "acme")])
        _ = UIReducer.reduce(&s, .loggedOut("acme"))
        XCTAssertFalse(s.sessions[0].isLoggedIn(at: t0))
        XCTAssertNil(s.listings["acme"])
    }
}

final class UITextTests: XCTestCase {
    func testStartURL() {
        XCTAssertEqual(try UIValidation.normalizeStartURL("acme").get(), "https://acme.awsapps.com/start")
        XCTAssertEqual(try UIValidation.normalizeStartURL(" d-1234567890 ").get(), "https://d-1234567890.awsapps.com/start")
        XCTAssertEqual(try UIValidation.normalizeStartURL("https://acme.awsapps.com/start#/").get(), "https://acme.awsapps.com/start#/")
        XCTAssertEqual(try UIValidation.normalizeStartURL("acme.awsapps.com/start").get(), "https://acme.awsapps.com/start")
        XCTAssertEqual(try UIValidation.normalizeStartURL("http://127.0.0.1:8080/start").get(), "http://127.0.0.1:8080/start")
        for bad in ["", "a b", "ftp://x", "-acme", "https://", "https://a..b/start"] {
            XCTAssertThrowsError(try UIValidation.normalizeStartURL(bad).get(), bad)
        }
    }

    /// The editor's default name (populate's function).
    func defaultName(accountName: String?, accountId: String, role: String) -> String {
        ProfileNaming.defaultName(account: Account(accountId: accountId, accountName: accountName), role: role)
    }

    func testDefaultProfileNames() {
        XCTAssertEqual(defaultName(accountName: "acme-dev", accountId: "1", role: "PowerUserAccess"), "acme-dev-poweruser")
        XCTAssertEqual(defaultName(accountName: "acme-dev", accountId: "1", role: "PowerUser"), "acme-dev-poweruser")
        XCTAssertEqual(defaultName(accountName: "Zürich", accountId: "1", role: "ReadOnlyAccess"), "zurich-readonly")
        XCTAssertEqual(defaultName(accountName: "Shared Services (Prod)", accountId: "1", role: "Admin"),
                       "shared-services-prod-admin")
        // The same names populate gives (one function), ASCII only: safe in shells and Windows code pages.
        // Other scripts are transliterated, so the name still tells which account.
        XCTAssertEqual(defaultName(accountName: "東京-analytics", accountId: "1", role: "Billing"), "dong-jing-analytics-billing")
        XCTAssertEqual(defaultName(accountName: "東京", accountId: "123456789012", role: "Billing"), "dong-jing-billing")
        for (name, role) in [("acme-dev", "PowerUserAccess"), ("Zürich", "ReadOnlyAccess"), ("Shared Services (Prod)", "Admin"), ("東京-analytics", "Billing")] {
            XCTAssertEqual(defaultName(accountName: name, accountId: "111111111111", role: role),
                           ProfileNaming.render(ProfileNaming.defaultTemplate, account: Account(accountId: "111111111111", accountName: name),
                                                role: role, session: "acme"))
        }
        XCTAssertEqual(defaultName(accountName: nil, accountId: "012345678901", role: "Access"),
                       "012345678901-access")
        XCTAssertEqual(ProfileNaming.uniqueName("a", taken: ["a", "a-2"]), "a-3")
        XCTAssertNil(UIValidation.profileNameProblem("zurich-readonly"))
        XCTAssertNotNil(UIValidation.profileNameProblem("a]b"))
        XCTAssertNotNil(UIValidation.profileNameProblem(""))
    }

    func testDurations() {
        XCTAssertEqual(UIText.timeLeft(3 * 3600 + 5 * 60 + 3), "3h 05m")
        XCTAssertEqual(UIText.timeLeft(61), "1m")
        XCTAssertEqual(UIText.timeLeft(0), "expired")
        XCTAssertEqual(UIText.countdown(599.2), "10:00")
        XCTAssertEqual(UIText.countdown(65), "1:05")
    }
}
