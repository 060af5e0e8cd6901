import Foundation
import Synchronization

/// One line of the request log. Secrets never get here: query values of sensitive parameters are
/// replaced by "REDACTED" and headers/bodies are not recorded.
struct RequestLogEntry: Sendable {
    var seq: Int
    var method: String
    var path: String
    var query: [(String, String)]
    var status: Int
    var operation: String
    /// Epoch milliseconds when the request arrived.
    var timestamp: Int64
    var durationMs: Double
    /// The modeled error code for error answers (e.g. "AuthorizationPendingException").
    var error: String?

    var json: String {
        var o = JSONObject()
        o.add("seq", int: Int64(seq))
        o.add("method", string: method)
        o.add("path", string: path)
        var q = JSONObject()
        for (k, v) in query { q.add(k, string: v) }
        o.add("query", raw: q.encoded)
        o.add("status", int: Int64(status))
        o.add("operation", string: operation)
        o.add("timestamp", int: timestamp)
        o.add("durationMs", raw: String((durationMs * 1000).rounded() / 1000))
        o.add("error", string: error)
        return o.encoded
    }
}

/// Query parameters whose values are secrets or single-use credentials.
let sensitiveQueryKeys: Set<String> = [
    "code", "code_verifier", "codeverifier", "session", "signintoken", "token", "access_token",
    "refresh_token", "client_secret", "clientsecret", "device_code",
]

func redactQuery(_ q: [(String, String)]) -> [(String, String)] {
    q.map { (k, v) in sensitiveQueryKeys.contains(k.lowercased()) ? (k, "REDACTED") : (k, v) }
}

final class RequestLog: Sendable {
    private struct S {
        var entries: [RequestLogEntry] = []
        var seq = 0
        var file: FileHandle?
    }
    private let s: Mutex<S>
    let verbose: Bool

    init(path: String?, verbose: Bool) throws {
        var st = S()
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let fh = FileHandle(forWritingAtPath: path) else {
                throw OrgError(description: "cannot open request log \(path)")
            }
            fh.seekToEndOfFile()
            st.file = fh
        }
        self.s = Mutex(st)
        self.verbose = verbose
    }

    func nextSeq() -> Int { s.withLock { $0.seq += 1; return $0.seq } }

    func append(_ e: RequestLogEntry) {
        s.withLock { st in
            st.entries.append(e)
            if let f = st.file { f.write(Data((e.json + "\n").utf8)) }
        }
        if verbose {
            let q = e.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            let msg = "\(e.method) \(e.path)\(q.isEmpty ? "" : "?" + q) -> \(e.status) \(e.operation)\(e.error.map { " " + $0 } ?? "")\n"
            FileHandle.standardError.write(Data(msg.utf8))
        }
    }

    func all() -> [RequestLogEntry] { s.withLock { $0.entries } }

    func clear() -> Int {
        s.withLock { st in
            let n = st.entries.count
            st.entries.removeAll()
            return n
        }
    }
}
