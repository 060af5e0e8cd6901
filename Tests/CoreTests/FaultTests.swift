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
