import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for transport tests. One thread accepts; each connection
/// is served on its own thread. Routes:
///   /echo       200, body = "METHOD BODY", header X-Echo-Header = value of request header X-Test
///   /status/N   status N, JSON body
///   /slow       waits 3 s, then 200
///   /drop       closes the connection without a response
///   /big        200 with a 256 KiB body
final class LoopbackServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    /// Requests received so far, by path, counted before they are answered (tests wait on it
    /// instead of sleeping, e.g. until a /slow request is in flight).
    let received = PathCounter()

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0, listen(fd, 64) == 0 else { throw NSError(domain: "bind", code: Int(errno)) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        self.fd = fd
        let lfd = fd
        let received = self.received
        Thread.detachNewThread {
            while true {
                let c = accept(lfd, nil, nil)
                if c < 0 { return }
                Thread.detachNewThread { LoopbackServer.serve(c, received) }
            }
        }
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    var base: String { "http://127.0.0.1:\(port)" }

    private static func serve(_ c: Int32, _ received: PathCounter) {
        defer { close(c) }
        var buf = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // Read until the end of headers and the declared body.
            if let end = find(buf, Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buf[..<end], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let parts = lines[0].split(separator: " ")
                let method = String(parts[0]), path = String(parts[1])
                var headers: [String: String] = [:]
                for l in lines.dropFirst() {
                    if let i = l.firstIndex(of: ":") {
                        headers[l[..<i].lowercased()] = l[l.index(after: i)...].trimmingCharacters(in: .whitespaces)
                    }
                }
                let cl = Int(headers["content-length"] ?? "0") ?? 0
                while buf.count < end + 4 + cl {
                    let n = read(c, &chunk, chunk.count)
                    if n <= 0 { return }
                    buf += chunk[..<n]
                }
                let body = String(decoding: buf[(end + 4)..<(end + 4 + cl)], as: UTF8.self)
                received.add(path)
                respond(c, method: method, path: path, headers: headers, body: body)
                buf.removeFirst(end + 4 + cl)
                if path == "/drop" { return }
                continue
            }
            let n = read(c, &chunk, chunk.count)
            if n <= 0 { return }
            buf += chunk[..<n]
        }
    }

    private static func respond(_ c: Int32, method: String, path: String, headers: [String: String], body: String) {
        var status = 200
        var out = ""
        var extra = ""
        switch true {
        case path == "/echo":
            out = "\(method) \(body)"
            extra = "X-Echo-Header: \(headers["x-test"] ?? "")\r\nX-Content-Type-Seen: \(headers["content-type"] ?? "<none>")\r\n"
        case path.hasPrefix("/status/"):
            status = Int(path.dropFirst(8)) ?? 500
            out = "{\"message\":\"status \(status)\"}"
        case path == "/slow":
            sleep(3); out = "late"
        case path == "/drop":
            return
        case path == "/big":
            out = String(repeating: "x", count: 256 * 1024)
        default:
            status = 404; out = "nope"
        }
        let resp = "HTTP/1.1 \(status) X\r\nContent-Length: \(out.utf8.count)\r\nX-Multi: a\r\nX-Multi: b\r\n\(extra)\r\n\(out)"
        _ = resp.withCString { write(c, $0, strlen($0)) }
    }

    private static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

final class PathCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func add(_ path: String) { lock.withLock { counts[path, default: 0] += 1 } }
    func count(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }
}
