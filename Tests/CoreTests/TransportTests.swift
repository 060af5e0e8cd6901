import Foundation
import XCTest
@testable import Core

final class TransportTests: XCTestCase {
    var server: LoopbackServer!
    let http = CurlTransport()

    override func setUpWithError() throws { server = try LoopbackServer() }
    override func tearDown() { server.stop() }

    func testRoundTripStatusHeadersBody() async throws {
        let res = try await http.send(HTTPRequest(method: "POST", url: server.base + "/echo",
                                                  headers: [("X-Test", "hello"), ("Content-Type", "application/json")],
                                                  body: Data("{\"a\":1}".utf8)))
        XCTAssertEqual(res.status, 200)
        XCTAssertEqual(String(decoding: res.body, as: UTF8.self), "POST {\"a\":1}")
        XCTAssertEqual(res.header("X-Echo-Header"), "hello")
        XCTAssertEqual(res.header("x-multi"), "a, b")
        XCTAssertEqual(res.header("X-Content-Type-Seen"), "application/json")
    }

    func testGetAndEmptyPostSendsNoContentType() async throws {
        let get = try await http.send(HTTPRequest(url: server.base + "/echo"))
        XCTAssertEqual(String(decoding: get.body, as: UTF8.self), "GET ")
        // Like botocore's Logout: empty body, no Content-Type.
        let post = try await http.send(HTTPRequest(method: "POST", url: server.base + "/echo"))
        XCTAssertEqual(String(decoding: post.body, as: UTF8.self), "POST ")
        XCTAssertEqual(post.header("X-Content-Type-Seen"), "<none>")
    }

    func testNon2xxIsAResponseNotAnError() async throws {
        let res = try await http.send(HTTPRequest(url: server.base + "/status/429"))
        XCTAssertEqual(res.status, 429)
        XCTAssertEqual(String(decoding: res.body, as: UTF8.self), "{\"message\":\"status 429\"}")
    }

    func testTimeout() async throws {
        let start = Date()
        do {
            _ = try await http.send(HTTPRequest(url: server.base + "/slow", timeout: 0.5))
            XCTFail("expected a timeout")
        } catch let e as TransportError {
            guard case .timeout(let host, _) = e else { return XCTFail("got \(e)") }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertTrue(e.description.contains("timed out"))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
    }

    func testRefusedConnection() async throws {
        let port = server.port
        server.stop()
        do {
            _ = try await http.send(HTTPRequest(url: "http://127.0.0.1:\(port)/echo", timeout: 5))
            XCTFail("expected connection refused")
        } catch let e as TransportError {
            guard case .connect = e else { return XCTFail("got \(e)") }
        }
    }

    func testDroppedConnection() async throws {
        do {
            _ = try await http.send(HTTPRequest(url: server.base + "/drop", timeout: 5))
            XCTFail("expected an error")
        } catch let e as TransportError {
            guard case .connectionLost = e else { return XCTFail("got \(e)") }
        }
    }

    func testDNSFailureIsTyped() async throws {
        do {
            _ = try await http.send(HTTPRequest(url: "http://no-such-host.invalid/", timeout: 5))
            XCTFail("expected DNS failure")
        } catch let e as TransportError {
            guard case .dns(let h) = e else { return XCTFail("got \(e)") }
            XCTAssertEqual(h, "no-such-host.invalid")
        }
    }

    func testResponseSizeLimit() async throws {
        var opts = TransportOptions()
        opts.maxResponseBytes = 1024
        do {
            _ = try await CurlTransport(options: opts).send(HTTPRequest(url: server.base + "/big"))
            XCTFail("expected too large")
        } catch let e as TransportError {
            XCTAssertEqual(e, .responseTooLarge(limit: 1024))
        }
    }

    func testCancellationAbortsTransfer() async throws {
        let url = server.base + "/slow"
        let http = self.http
        let task = Task { try await http.send(HTTPRequest(url: url, timeout: 10)) }
        // Cancel once the request is in flight: the server has it and is taking its time.
        for _ in 0..<500 where server.received.count("/slow") == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        XCTAssertEqual(server.received.count("/slow"), 1)
        let start = Date()
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected cancellation")
        } catch let e as TransportError {
            XCTAssertEqual(e, .cancelled)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testConcurrentRequestsDoNotBlockEachOther() async throws {
        let base = server.base
        let http = self.http
        let start = Date()
        try await withThrowingTaskGroup(of: Int.self) { g in
            for _ in 0..<8 { g.addTask { try await http.send(HTTPRequest(url: base + "/slow")).status } }
            for try await s in g { XCTAssertEqual(s, 200) }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "8 slow requests (3 s each) should overlap")
    }

    func testInvalidURLRedactsQuery() async throws {
        do {
            _ = try await http.send(HTTPRequest(url: "ftp://x/?token=secret"))
            XCTFail()
        } catch let e as TransportError {
            XCTAssertFalse(e.description.contains("secret"))
        }
    }

    func testOptionsFromEnvironmentFollowBotocore() {
        let o = TransportOptions.fromEnvironment(
            ["AWS_CA_BUNDLE": "/a.pem", "REQUESTS_CA_BUNDLE": "/r.pem", "HTTPS_PROXY": "proxy:3128",
             "https_proxy": "http://lower:1", "NO_PROXY": "localhost"], profileCABundle: "/p.pem")
        XCTAssertEqual(o.caBundle, "/a.pem")
        XCTAssertEqual(o.httpsProxy, "http://lower:1")
        XCTAssertEqual(o.noProxy, "localhost")
        let p = TransportOptions.fromEnvironment(["REQUESTS_CA_BUNDLE": "/r.pem", "HTTP_PROXY": "proxy:3128"],
                                                 profileCABundle: "/p.pem")
        XCTAssertEqual(p.caBundle, "/p.pem")
        XCTAssertEqual(p.httpProxy, "http://proxy:3128")
        XCTAssertEqual(TransportOptions.fromEnvironment(["REQUESTS_CA_BUNDLE": "/r.pem"]).caBundle, "/r.pem")
        XCTAssertNil(TransportOptions.fromEnvironment(["SSL_CERT_FILE": "/s.pem"]).caBundle)
    }

    func testAWSTimeFormats() {
        let d = Date(timeIntervalSince1970: 1_795_000_000)
        XCTAssertEqual(AWSTime.format(d), "2026-11-18T11:06:40Z")
        XCTAssertEqual(AWSTime.formatOffset(d), "2026-11-18T11:06:40+00:00")
        for s in ["2026-11-18T11:06:40Z", "2026-11-18T11:06:40UTC", "2026-11-18T11:06:40+00:00",
                  "2026-11-18T12:06:40+01:00", "2026-11-18 11:06:40Z"] {
            XCTAssertEqual(AWSTime.parse(s), d, s)
        }
        XCTAssertEqual(AWSTime.parse("2026-11-18T11:06:40.250Z")!.timeIntervalSince1970, 1_795_000_000.25, accuracy: 0.001)
        XCTAssertNil(AWSTime.parse("2026-11-18T11:06:40"))
        XCTAssertNil(AWSTime.parse("garbage"))
    }
}
