import Foundation
import XCTest
@testable import Core

final class EndpointTests: XCTestCase {
    func testStandardHostsPerPartition() {
        let r = EndpointResolver(environment: [:])
        XCTAssertEqual(r.url(for: .oidc, region: "us-east-1"), "https://oidc.us-east-1.amazonaws.com")
        XCTAssertEqual(r.url(for: .portal, region: "eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com")
        XCTAssertEqual(r.url(for: .oidc, region: "cn-north-1"), "https://oidc.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(r.url(for: .portal, region: "us-gov-west-1"), "https://portal.sso.us-gov-west-1.amazonaws.com")
        XCTAssertEqual(r.url(for: .oidc, region: "eusc-de-east-1"), "https://oidc.eusc-de-east-1.amazonaws.eu")
        XCTAssertEqual(r.url(for: .oidc, region: "us-isob-east-1"), "https://oidc.us-isob-east-1.sc2s.sgov.gov")
        XCTAssertEqual(Partition.of(region: "mars-central-1").id, "aws")
    }

    func testOverridePrecedence() {
        let cfg = ConfiguredEndpoints(profileEndpointURL: "http://profile", servicesEndpointURLs: ["sso": "http://svc-portal", "sso_oidc": "http://svc-oidc"])
        var r = EndpointResolver(environment: ["AWS_ENDPOINT_URL_SSO": "http://env-portal/", "AWS_ENDPOINT_URL": "http://global"], configured: cfg)
        XCTAssertEqual(r.url(for: .portal, region: "us-east-1"), "http://env-portal")
        XCTAssertEqual(r.url(for: .oidc, region: "us-east-1"), "http://global")
        r.environment = [:]
        XCTAssertEqual(r.url(for: .oidc, region: "us-east-1"), "http://svc-oidc")
        r.configured.servicesEndpointURLs = [:]
        XCTAssertEqual(r.url(for: .oidc, region: "us-east-1"), "http://profile")
        r.environment = ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_SSO": "http://x"]
        XCTAssertEqual(r.url(for: .portal, region: "us-east-1"), "https://portal.sso.us-east-1.amazonaws.com")
    }

    func testFederationHosts() {
        let r = EndpointResolver(environment: [:])
        XCTAssertEqual(r.federationURL(region: "us-east-1"), "https://signin.aws.amazon.com/federation")
        XCTAssertEqual(r.federationURL(region: "eu-west-1"), "https://eu-west-1.signin.aws.amazon.com/federation")
        XCTAssertEqual(r.federationURL(region: "us-gov-west-1"), "https://signin.amazonaws-us-gov.com/federation")
        XCTAssertNil(r.federationURL(region: "us-iso-east-1"))
        XCTAssertEqual(EndpointResolver(environment: ["AWS_SSO_TUI_FEDERATION_ENDPOINT": "http://127.0.0.1:1/federation"])
            .federationURL(region: "eu-west-1"), "http://127.0.0.1:1/federation")
    }

    func testPercentEncoding() {
        XCTAssertEqual(percentEncode("a b/c"), "a%20b%2Fc")
        XCTAssertEqual(percentEncode("Zürich~-_."), "Z%C3%BCrich~-_.")
    }
}

final class ServiceErrorTests: XCTestCase {
    func testHeaderWins() {
        let e = ServiceError.from(status: 400, headers: ["x-amzn-errortype": "AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"],
                                  body: Data(#"{"error":"authorization_pending","error_description":"pending"}"#.utf8), operation: "CreateToken")
        XCTAssertEqual(e.kind, .authorizationPending)
        XCTAssertEqual(e.code, "AuthorizationPendingException")
        XCTAssertEqual(e.message, "pending")
    }

    func testTypeThenOAuthThenStatus() {
        let portal = ServiceError.from(status: 401, headers: [:], body: Data(#"{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}"#.utf8), operation: "ListAccounts")
        XCTAssertEqual(portal.kind, .unauthorized)
        XCTAssertEqual(portal.code, "UnauthorizedException")
        let oauth = ServiceError.from(status: 400, headers: [:], body: Data(#"{"error":"slow_down"}"#.utf8), operation: "CreateToken")
        XCTAssertEqual(oauth.kind, .slowDown)
        let html = ServiceError.from(status: 500, headers: ["content-type": "text/html"], body: Data("<html>oops</html>".utf8), operation: "ListAccounts")
        XCTAssertEqual(html.kind, .serverError)
        XCTAssertEqual(html.code, "500")
        XCTAssertTrue(html.message.contains("HTML"))
        XCTAssertEqual(ServiceError.from(status: 429, headers: [:], body: Data(), operation: "x").kind, .tooManyRequests)
    }
}

final class DevicePollTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    func auth(interval: Int?, expires: Int = 600) -> DeviceAuthorization {
        DeviceAuthorization(deviceCode: "d", userCode: "U", verificationUri: "v", verificationUriComplete: "vc",
                            expiresIn: expires, interval: interval)
    }

    func testDefaultIntervalIsFiveAndSlowDownAddsFiveForGood() {
        var p = DevicePoll(authorization: auth(interval: nil), startedAt: t0)
        XCTAssertEqual(p.handle(.failure(serviceError(.authorizationPending, "AuthorizationPendingException")), now: t0), .wait(5))
        XCTAssertEqual(p.handle(.failure(serviceError(.slowDown, "SlowDownException")), now: t0), .wait(10))
        XCTAssertEqual(p.handle(.failure(serviceError(.authorizationPending, "AuthorizationPendingException")), now: t0), .wait(10))
        XCTAssertEqual(p.handle(.failure(serviceError(.slowDown, "SlowDownException")), now: t0), .wait(15))
    }

    func testTerminalOutcomes() {
        var p = DevicePoll(authorization: auth(interval: 1), startedAt: t0)
        XCTAssertEqual(p.handle(.failure(serviceError(.expiredToken, "ExpiredTokenException")), now: t0), .failed(.expired))
        XCTAssertEqual(p.handle(.failure(serviceError(.accessDenied, "AccessDeniedException")), now: t0), .failed(.denied))
        let g = TokenGrant(accessToken: "a", expiresIn: 3600)
        XCTAssertEqual(p.handle(.success(g), now: t0), .done(g))
        if case .failed(.failed(let m)) = p.handle(.failure(serviceError(.invalidClient, "InvalidClientException", status: 401)), now: t0) {
            XCTAssertTrue(m.contains("InvalidClientException"))
        } else { XCTFail() }
    }

    func testClientSideDeadlineWithoutExpiredToken() {
        var p = DevicePoll(authorization: auth(interval: 1, expires: 10), startedAt: t0)
        XCTAssertEqual(p.handle(.failure(serviceError(.authorizationPending, "AuthorizationPendingException")), now: t0.addingTimeInterval(11)), .failed(.expired))
    }

    func testTransientErrorsAreRetriedButBounded() {
        var p = DevicePoll(authorization: auth(interval: 1), startedAt: t0)
        let net = SSOClientError.transport(operation: "CreateToken", .connect(host: "h", detail: "refused"))
        for _ in 0..<DevicePoll.maxTransientFailures { XCTAssertEqual(p.handle(.failure(net), now: t0), .wait(1)) }
        if case .failed = p.handle(.failure(net), now: t0) {} else { XCTFail("should give up") }
    }
}

final class LoginServiceTests: XCTestCase {
    let session = SessionRef(name: "my-sso", startURL: "https://d-1.awsapps.com/start", region: "us-east-1", scopes: ["sso:account:access"])

    func testDeviceLoginPollsHonouringSlowDownAndCachesToken() async throws {
        let oidc = FakeOIDC(), store = MemoryStore(), clock = ManualClock()
        oidc.tokenResults = [.failure(serviceError(.authorizationPending, "AuthorizationPendingException")),
                             .failure(serviceError(.slowDown, "SlowDownException")),
                             .success(TokenGrant(accessToken: "at", expiresIn: 3600, refreshToken: "rt"))]
        let svc = LoginService(oidc: oidc, store: store, clock: clock.clock)
        let (reg, auth) = try await svc.startDeviceLogin(session)
        let tok = try await svc.pollDeviceLogin(session, registration: reg, authorization: auth, startedAt: clock.now)
        XCTAssertEqual(clock.sleeps, [1, 6])
        XCTAssertEqual(tok.accessToken, "at")
        XCTAssertEqual(tok.refreshToken, "rt")
        XCTAssertEqual(tok.clientId, reg.clientId)
        XCTAssertEqual(tok.expiresAt, clock.now.addingTimeInterval(3600))
        XCTAssertEqual(store.tokens["my-sso"], tok)
        // The registration is cached and reused.
        _ = try await svc.startDeviceLogin(session)
        XCTAssertEqual(oidc.registrations, 1)
    }

    func testCancelledLoginWritesNothing() async throws {
        let oidc = FakeOIDC(), store = MemoryStore()
        let svc = LoginService(oidc: oidc, store: store, clock: .system)
        let (reg, auth) = try await svc.startDeviceLogin(session)
        let s = session
        let task = Task { try await svc.pollDeviceLogin(s, registration: reg, authorization: auth, startedAt: Date()) }
        // Cancel while it polls: it has asked once (pending) and waits out the interval.
        for _ in 0..<500 where oidc.createTokenCount == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        XCTAssertGreaterThanOrEqual(oidc.createTokenCount, 1)
        task.cancel()
        do { _ = try await task.value; XCTFail() } catch is CancellationError {}
        XCTAssertEqual(store.saves, 0)
    }

    func testRefreshInsideWindowRewritesTokenLikeBotocore() async throws {
        let oidc = FakeOIDC(), store = MemoryStore(), clock = ManualClock()
        store.tokens["my-sso"] = SSOToken(startUrl: session.startURL, region: "us-east-1", accessToken: "old",
                                          expiresAt: clock.now.addingTimeInterval(300), clientId: "c", clientSecret: "s",
                                          registrationExpiresAt: clock.now.addingTimeInterval(86400), refreshToken: "r1")
        oidc.tokenResults = [.success(TokenGrant(accessToken: "new", expiresIn: 3600, refreshToken: nil))]
        let t = try await LoginService(oidc: oidc, store: store, clock: clock.clock).validToken(for: session)
        XCTAssertEqual(t.accessToken, "new")
        XCTAssertNil(t.refreshToken, "botocore drops the old refresh token when none is returned")
        XCTAssertEqual(oidc.createTokenCalls, [.refreshToken("r1")])
    }

    func testRefreshLostToAnotherProcessUsesTheirToken() async throws {
        let oidc = FakeOIDC(), store = MemoryStore(), clock = ManualClock()
        let mine = SSOToken(startUrl: session.startURL, region: "us-east-1", accessToken: "old",
                            expiresAt: clock.now.addingTimeInterval(-10), clientId: "c", clientSecret: "s",
                            registrationExpiresAt: clock.now.addingTimeInterval(86400), refreshToken: "r1")
        store.tokens["my-sso"] = mine
        // botocore refreshed with r1 first (the service rotates refresh tokens), so ours is refused.
        var theirs = mine
        theirs.accessToken = "theirs"
        theirs.refreshToken = "r2"
        theirs.expiresAt = clock.now.addingTimeInterval(3600)
        let winner = theirs
        oidc.tokenResults = [.failure(serviceError(.invalidGrant, "InvalidGrantException"))]
        oidc.onCreateToken = { store.tokens["my-sso"] = winner }
        let t = try await LoginService(oidc: oidc, store: store, clock: clock.clock).validToken(for: session)
        XCTAssertEqual(t.accessToken, "theirs")
        // Without the other writer, an expired token whose refresh is refused needs a login.
        store.tokens["my-sso"] = mine
        oidc.onCreateToken = nil
        oidc.tokenResults = [.failure(serviceError(.invalidGrant, "InvalidGrantException"))]
        do { _ = try await LoginService(oidc: oidc, store: store, clock: clock.clock).validToken(for: session); XCTFail() }
        catch let e as TokenUnavailable { XCTAssertEqual(e, .expired) }
    }

    func testExpiredWithoutRefreshNeedsLogin() async throws {
        let oidc = FakeOIDC(), store = MemoryStore(), clock = ManualClock()
        let svc = LoginService(oidc: oidc, store: store, clock: clock.clock)
        do { _ = try await svc.validToken(for: session); XCTFail() } catch let e as TokenUnavailable { XCTAssertEqual(e, .notLoggedIn) }
        store.tokens["my-sso"] = SSOToken(startUrl: session.startURL, region: "us-east-1", accessToken: "old",
                                          expiresAt: clock.now.addingTimeInterval(-1))
        do { _ = try await svc.validToken(for: session); XCTFail() } catch let e as TokenUnavailable { XCTAssertEqual(e, .expired) }
        // A fresh token is used as it is, without a call.
        store.tokens["my-sso"]!.expiresAt = clock.now.addingTimeInterval(3600)
        let t = try await svc.validToken(for: session)
        XCTAssertEqual(t.accessToken, "old")
        XCTAssertTrue(oidc.createTokenCalls.isEmpty)
    }
}

final class ListerTests: XCTestCase {
    func collect(_ loader: AccountTreeLoader) async -> [ListingEvent] {
        let runner = Task { await loader.run() }
        var out: [ListingEvent] = []
        for await e in loader.events { out.append(e) }
        await runner.value
        return out
    }

    func testListsEveryAccountAndRoleAcrossPages() async {
        let portal = FakePortal(count: 250, rolesPer: { $0 == 7 ? 130 : 1 + $0 % 6 })
        var opts = ListingOptions(); opts.concurrency = 8
        let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t", options: opts))
        var accounts: [String] = [], roles: [String: [AccountRole]] = [:]
        for e in events {
            if case .accounts(let a) = e { accounts += a.map(\.accountId) }
            if case .roles(let id, let r) = e { XCTAssertNil(roles[id]); roles[id] = r }
        }
        XCTAssertEqual(accounts, portal.accounts.map(\.accountId))
        XCTAssertEqual(roles.count, 250)
        for a in portal.accounts { XCTAssertEqual(roles[a.accountId], portal.roles[a.accountId]) }
        XCTAssertEqual(roles[portal.accounts[7].accountId]?.count, 130, "role pages are followed")
        guard case .finished(let s) = events.last else { return XCTFail("no finished event") }
        XCTAssertEqual(s.accounts, 250)
        XCTAssertLessThanOrEqual(s.peakConcurrency, 8)
        XCTAssertEqual(s.failedAccounts, 0)
    }

    func testThrottlingIsRetriedAndFailuresAreReportedPerAccount() async {
        let portal = FakePortal(count: 5)
        let a1 = portal.accounts[1].accountId, a2 = portal.accounts[2].accountId
        let tooMany = serviceError(.tooManyRequests, "TooManyRequestsException", status: 429, op: "ListAccountRoles")
        let bad = serviceError(.invalidRequest, "InvalidRequestException", status: 400, op: "ListAccountRoles")
        portal.failures = [a1: [tooMany, tooMany], a2: [bad]]
        var opts = ListingOptions(); opts.backoffBase = 0.001; opts.throttledRatePrior = 1000
        let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t", options: opts))
        XCTAssertTrue(events.contains(.roles(accountId: a1, roles: portal.roles[a1]!)))
        XCTAssertTrue(events.contains { if case .accountFailed(let id, let m) = $0 { return id == a2 && m.contains("InvalidRequest") }; return false })
        guard case .finished(let s) = events.last else { return XCTFail() }
        XCTAssertEqual(s.throttled, 2)
        XCTAssertEqual(s.failedAccounts, 1)
        XCTAssertNotNil(s.finalRate, "a 429 switches pacing on")
    }

    func testUnauthorizedStopsEverything() async {
        let portal = FakePortal(count: 50)
        portal.unauthorizedAfter = 3
        let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t"))
        guard case .unauthorized = events.last else { return XCTFail("last event: \(String(describing: events.last))") }
        XCTAssertFalse(events.contains { if case .finished = $0 { return true }; return false })
    }

    func testPriorityAccountIsFetchedNext() async {
        let portal = FakePortal(count: 300)
        portal.latency = 0.003  // like a network: the loader cannot run far ahead of the test
        var opts = ListingOptions(); opts.concurrency = 1
        let loader = AccountTreeLoader(portal: portal, accessToken: "t", options: opts)
        let target = portal.accounts[290].accountId
        let runner = Task { await loader.run() }
        var rolesSeen = 0, position: Int?
        for await e in loader.events {
            if case .roles(let id, _) = e {
                rolesSeen += 1
                if rolesSeen == 3 { await loader.prioritize(target) }
                if id == target { position = rolesSeen }
            }
        }
        await runner.value
        XCTAssertNotNil(position)
        XCTAssertLessThanOrEqual(position ?? 999, 6, "the prioritised account comes right after the in-flight ones")
    }

    /// Accounts of an earlier listing: their roles are asked for beside the first account page,
    /// yet events keep their order (roles only after a page lists the account), and accounts
    /// that no page lists any more are never reported.
    func testExpectedAccountsStartAtOnceAndKeepTheEventOrder() async {
        let portal = FakePortal(count: 250)
        portal.latency = 0.005
        let gone = ["999999999901", "999999999902"]
        let bad = serviceError(.notFound, "ResourceNotFoundException", status: 404, op: "ListAccountRoles")
        portal.failures = [gone[1]: [bad]]
        var opts = ListingOptions(); opts.concurrency = 8; opts.pageSize = 100
        // Expected: an account of the last page first, the two gone ones, then some of page 1.
        let expected = [portal.accounts[240].accountId] + gone + portal.accounts[0..<20].map(\.accountId)
        let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t", options: opts,
                                                     expectedAccounts: expected))
        // Sent at once (the window of 8, in the order the tasks start): the first page and the
        // first seven expected accounts, before any second page.
        XCTAssertEqual(Set(portal.calls[0..<8]), Set(["accounts:"] + expected[0..<7].map { "roles:\($0):" }))
        var listed = Set<String>(), reported: [String] = []
        for e in events {
            switch e {
            case .accounts(let a): listed.formUnion(a.map(\.accountId))
            case .roles(let id, let r):
                XCTAssertTrue(listed.contains(id), "roles of \(id) before a page listed it")
                XCTAssertEqual(r, portal.roles[id])
                reported.append(id)
            case .accountFailed(let id, let m): XCTFail("\(id) failed: \(m)")
            default: break
            }
        }
        XCTAssertEqual(Set(reported), Set(portal.accounts.map(\.accountId)))
        XCTAssertEqual(reported.count, 250, "each account once")
        XCTAssertEqual(portal.calls.filter { $0.hasPrefix("roles:\(portal.accounts[240].accountId)") }.count, 1)
        guard case .finished(let s) = events.last else { return XCTFail("no finished event") }
        XCTAssertEqual(s.roles, portal.roles.values.map(\.count).reduce(0, +))
        XCTAssertEqual(s.failedAccounts, 0)
    }

    /// Expected accounts still waiting when the last account page shows they are gone are not sent.
    func testGoneExpectedAccountsAreNotSentAfterTheLastPage() async {
        let portal = FakePortal(count: 10)
        portal.latency = 0.005
        var opts = ListingOptions(); opts.concurrency = 2
        let gone = (0..<100).map { String(format: "%012d", 900_000_000_000 + $0) }
        let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t", options: opts,
                                                     expectedAccounts: gone))
        let goneCalls = portal.calls.filter { c in gone.contains { c.hasPrefix("roles:\($0)") } }.count
        XCTAssertLessThan(goneCalls, 10, "requests for gone accounts after the account list was complete")
        let reported = events.compactMap { e -> String? in if case .roles(let id, _) = e { return id }; return nil }
        XCTAssertEqual(Set(reported), Set(portal.accounts.map(\.accountId)))
        guard case .finished = events.last else { return XCTFail("no finished event") }
    }

    /// The first role requests after the first page: spread over the round trip when paced, in
    /// one burst when not.
    func testSendsArePacedOverTheRoundTrip() async {
        func firstRoleCallsSpan(_ gain: Double?) async -> TimeInterval {
            let portal = FakePortal(count: 40)
            portal.latency = 0.04
            var opts = ListingOptions(); opts.concurrency = 8; opts.pacingGain = gain
            let events = await collect(AccountTreeLoader(portal: portal, accessToken: "t", options: opts))
            guard case .finished(let s) = events.last else { XCTFail("no finished event"); return 0 }
            XCTAssertEqual(s.roles, portal.roles.values.map(\.count).reduce(0, +))
            let times = zip(portal.calls, portal.callTimes).filter { $0.0.hasPrefix("roles:") }.map(\.1)
            return times[7].timeIntervalSince(times[0])
        }
        // Paced at gain 1: srtt (40 ms, from the first page) / 8 = 5 ms apart, 35 ms for 8.
        let paced = await firstRoleCallsSpan(1)
        XCTAssertGreaterThan(paced, 0.025)
        XCTAssertLessThan(paced, 0.08, "pacing must not hold sends back much beyond srtt / concurrency")
        let burst = await firstRoleCallsSpan(nil)
        XCTAssertLessThan(burst, 0.02)
    }

    func testHeaderLinesAreParsedOnBytes() {
        var h: [String: String] = [:]
        func feed(_ s: String) { Array(s.utf8).withUnsafeBytes { HeaderLine.parse($0, into: &h) } }
        feed("HTTP/1.1 100 Continue\r\n")
        feed("X-Old: 1\r\n")
        feed("HTTP/1.1 200 OK\r\n")
        XCTAssertEqual(h, [:], "a status line starts a new response")
        feed("Content-Type:  application/json \r\n")
        feed("X-Amzn-ErrorType:TooManyRequestsException:http://internal.amazon.com/\r\n")
        feed("x-multi: a\r\n")
        feed("X-MULTI: b\r\n")
        feed("no colon here\r\n")
        feed("\r\n")
        XCTAssertEqual(h, ["content-type": "application/json",
                           "x-amzn-errortype": "TooManyRequestsException:http://internal.amazon.com/",
                           "x-multi": "a, b"])
    }

    func testRateControllerBacksOffAndCreepsUp() {
        var rc = RateController(initial: nil, prior: 20, minRate: 1)
        XCTAssertEqual(rc.reserve(now: 0), 0)
        rc.throttled(now: 0.1)
        XCTAssertEqual(rc.rate!, 19, accuracy: 0.001)
        rc.throttled(now: 0.5)   // same burst: no second cut
        XCTAssertEqual(rc.rate!, 19, accuracy: 0.001)
        rc.throttled(now: 1.6)
        XCTAssertEqual(rc.rate!, 19 * 0.85, accuracy: 0.001)
        _ = rc.reserve(now: 4)
        XCTAssertGreaterThan(rc.rate!, 19 * 0.85)
        // Pacing: successive reservations are 1/rate apart.
        var p = RateController(initial: 10, prior: 20, minRate: 1)
        XCTAssertEqual(p.reserve(now: 0), 0)
        XCTAssertEqual(p.reserve(now: 0), 0.1, accuracy: 1e-9)
        XCTAssertEqual(p.reserve(now: 0), 0.2, accuracy: 1e-9)
    }
}
