import Foundation
import XCTest
@testable import Core

/// A transport that answers every request from a closure (and counts the requests).
final class CannedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    var timeouts: [Double] = []
    let answer: @Sendable (HTTPRequest, Int) async throws -> HTTPResponse
    init(_ answer: @escaping @Sendable (HTTPRequest, Int) async throws -> HTTPResponse) { self.answer = answer }
    var count: Int { lock.withLock { n } }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let i = lock.withLock { n += 1; timeouts.append(request.timeout); return n }
        return try await answer(request, i)
    }
}

func jsonResponse(_ body: String, status: Int = 200) -> HTTPResponse {
    HTTPResponse(status: status, headers: ["content-type": "application/json"], body: Data(body.utf8))
}

final class ServerNumberTests: XCTestCase {
    /// A number a server sends that does not fit an Int is a one-line error, never a trap.
    func testHugeExpiresInIsAnErrorNotACrash() async throws {
        for bad in ["1e300", "-5", "1e17"] {
            let t = CannedTransport { _, _ in jsonResponse("{\"accessToken\":\"a\",\"expiresIn\":\(bad)}") }
            let oidc = OIDCClient(transport: t, baseURL: "http://127.0.0.1:1")
            do {
                _ = try await oidc.createToken(clientId: "c", clientSecret: "s", .refreshToken("r"))
                XCTFail("\(bad) accepted")
            } catch let e as SSOClientError {
                XCTAssertEqual(e.description, "CreateToken: unexpected response: expiresIn out of range")
            }
        }
    }

    func testHugeIntervalAndExpirationAreErrors() async throws {
        let t = CannedTransport { _, _ in
            jsonResponse("{\"deviceCode\":\"d\",\"userCode\":\"U\",\"verificationUri\":\"https://x\",\"expiresIn\":600,\"interval\":1e308}")
        }
        let oidc = OIDCClient(transport: t, baseURL: "http://127.0.0.1:1")
        do { _ = try await oidc.startDeviceAuthorization(clientId: "c", clientSecret: "s", startUrl: "u"); XCTFail() }
        catch let e as SSOClientError { XCTAssertTrue(e.description.contains("interval out of range"), e.description) }
        let p = CannedTransport { _, _ in
            jsonResponse("{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\",\"sessionToken\":\"T\",\"expiration\":1e300}}")
        }
        let portal = PortalClient(transport: p, baseURL: "http://127.0.0.1:1")
        do { _ = try await portal.getRoleCredentials(accessToken: "t", accountId: "1", roleName: "r"); XCTFail() }
        catch let e as SSOClientError { XCTAssertTrue(e.description.contains("roleCredentials"), e.description) }
    }

    func testCurlMillisecondsClamp() {
        XCTAssertEqual(CurlTransport.milliseconds(.infinity), 86_400_000)
        XCTAssertEqual(CurlTransport.milliseconds(1e300), 86_400_000)
        XCTAssertEqual(CurlTransport.milliseconds(.nan), 1)
        XCTAssertEqual(CurlTransport.milliseconds(-3), 1)
        XCTAssertEqual(CurlTransport.milliseconds(2.5), 2500)
    }
}

final class DeadlineTests: XCTestCase {
    /// A server that never answers: one retry of the timeout, each try capped by the deadline,
    /// and a message that says what happened in total.
    func testTimeoutIsRetriedOnceWithinTheDeadline() async throws {
        let t = CannedTransport { req, _ in
            try await Task.sleep(nanoseconds: UInt64(min(req.timeout, 5) * 1e9))
            throw TransportError.timeout(host: "portal.sso.us-east-1.amazonaws.com", seconds: req.timeout)
        }
        var policy = RetryPolicy(); policy.deadline = 0.5
        let portal = PortalClient(transport: t, baseURL: "http://127.0.0.1:1", timeout: 0.3, policy: policy)
        let started = Date()
        do {
            _ = try await portal.allAccounts(accessToken: "t", policy: policy)
            XCTFail("no error")
        } catch let e as SSOClientError {
            XCTAssertTrue(e.description.hasPrefix("ListAccounts: no answer from portal.sso.us-east-1.amazonaws.com: 2 tries over 0.5 s"),
                          e.description)
            XCTAssertTrue(e.serverUnavailable)
        }
        XCTAssertEqual(t.count, 2)
        XCTAssertEqual(t.timeouts[0], 0.3, accuracy: 0.01)
        XCTAssertLessThan(t.timeouts[1], 0.25, "the second try gets what is left of the deadline")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
    }

    /// Throttling keeps its back-off, and the final message counts the tries.
    func testThrottlingIsRetriedWithBackoffAndCounted() async throws {
        let t = CannedTransport { _, _ in
            HTTPResponse(status: 429, headers: ["x-amzn-errortype": "TooManyRequestsException"], body: Data("{\"message\":\"Rate exceeded\"}".utf8))
        }
        var policy = RetryPolicy(); policy.backoffBase = 0.001; policy.backoffCap = 0.002
        let portal = PortalClient(transport: t, baseURL: "http://127.0.0.1:1", policy: policy)
        do { _ = try await portal.allAccounts(accessToken: "t", policy: policy); XCTFail() } catch let e as SSOClientError {
            XCTAssertTrue(e.description.hasPrefix("ListAccounts failed: TooManyRequestsException (HTTP 429): Rate exceeded (6 tries over "), e.description)
            XCTAssertEqual(e.serviceError?.kind, .tooManyRequests)
        }
        XCTAssertEqual(t.count, 6)
    }

    /// A listing against a server that does not answer stops at the deadline instead of trying
    /// every account.
    func testListingStopsWhenTheServerDoesNotAnswer() async throws {
        let t = CannedTransport { req, _ in
            if req.url.contains("/assignment/accounts") {
                let list = (0..<50).map { String(format: "{\"accountId\":\"%012d\"}", $0) }.joined(separator: ",")
                return jsonResponse("{\"accountList\":[\(list)]}")
            }
            try await Task.sleep(nanoseconds: UInt64(min(req.timeout, 5) * 1e9))
            throw TransportError.timeout(host: "h", seconds: req.timeout)
        }
        var opts = ListingOptions(); opts.deadline = 0.4
        var policy = RetryPolicy(); policy.deadline = 0.4
        let portal = PortalClient(transport: t, baseURL: "http://127.0.0.1:1", timeout: 0.2, policy: policy)
        let started = Date()
        do { _ = try await AccountTreeLoader(portal: portal, accessToken: "t", options: opts).collect(); XCTFail() }
        catch let e as ListingStopped {
            guard case .failed(let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.hasPrefix("ListAccountRoles: no answer from h: 2 tries over"), m)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertLessThanOrEqual(t.count, 1 + 2 * 16, "only the first window of requests was tried")
    }
}
