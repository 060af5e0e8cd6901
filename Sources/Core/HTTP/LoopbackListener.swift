import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP listener on 127.0.0.1 for the PKCE redirect (`/oauth/callback?code=…&state=…`).
/// Bound to the loopback address only (never all interfaces, unlike AWS CLI v2). Every GET is
/// answered with a small page; requests without `code`/`state` or `error` (a favicon, say) are
/// ignored.
///
/// ```swift
/// let l = try LoopbackListener(port: 0)
/// let redirect = "http://127.0.0.1:\(l.port)/oauth/callback"
/// let query = try await l.waitForCallback(timeout: 600)
/// ```
public final class LoopbackListener: @unchecked Sendable {
    public let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    public init(port: UInt16 = 0) throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw LoginFailure.failed("cannot open a socket for the login callback") }
        var yes: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0, listen(s, 16) == 0 else {
            close(s)
            throw LoginFailure.failed("cannot listen on 127.0.0.1:\(port) for the login callback (in use?)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) }
        }
        self.port = UInt16(bigEndian: addr.sin_port)
        self.fd = s
    }

    deinit { shutdownListener() }

    public func shutdownListener() {
        lock.lock(); defer { lock.unlock() }
        if !closed { closed = true; shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    /// Waits for a GET carrying `code` and `state` (or `error`) and returns its query items.
    /// Throws ``LoginFailure/expired`` after `timeout` seconds, `CancellationError` on cancel.
    public func waitForCallback(timeout: TimeInterval) async throws -> [String: String] {
        let fd = self.fd
        let deadline = Date().addingTimeInterval(timeout)
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<[String: String], Error>) in
                let t = Thread {
                    while true {
                        if cancelled.isSet { cont.resume(throwing: CancellationError()); return }
                        let left = deadline.timeIntervalSinceNow
                        if left <= 0 { cont.resume(throwing: LoginFailure.expired); return }
                        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                        let r = poll(&pfd, 1, Int32(min(left, 0.25) * 1000))
                        if r <= 0 { continue }
                        let c = accept(fd, nil, nil)
                        if c < 0 { if cancelled.isSet { cont.resume(throwing: CancellationError()); return }; continue }
                        if let q = Self.serve(c) { cont.resume(returning: q); return }
                    }
                }
                t.start()
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Reads one request (with a short timeout), answers it, returns the query if it is the callback.
    static func serve(_ c: Int32) -> [String: String]? {
        defer { close(c) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buf = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buf.count < 16384 {
            let n = read(c, &chunk, chunk.count)
            if n <= 0 { break }
            buf += chunk[..<n]
            if buf.count >= 4, String(decoding: buf, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let head = String(decoding: buf, as: UTF8.self)
        let line = head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = line.split(separator: " ")
        var query: [String: String] = [:]
        if parts.count >= 2, parts[0] == "GET", let comps = URLComponents(string: "http://127.0.0.1" + parts[1]) {
            for item in comps.queryItems ?? [] { query[item.name] = item.value ?? "" }
        }
        let isCallback = query["error"] != nil || (query["code"] != nil && query["state"] != nil)
        let body = isCallback
            ? "<!doctype html><title>aws-sso-tui</title><p>Login received. You can close this window and return to the terminal.</p>"
            : "<!doctype html><title>aws-sso-tui</title><p>Waiting for the login.</p>"
        let resp = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = resp.withCString { write(c, $0, strlen($0)) }
        return isCallback ? query : nil
    }
}

final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
