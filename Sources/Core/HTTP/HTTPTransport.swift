import Foundation

/// One HTTP request, as the SSO clients build it.
///
/// ```swift
/// let req = HTTPRequest(method: "POST", url: "https://oidc.us-east-1.amazonaws.com/token",
///                       headers: [("Content-Type", "application/json")], body: Data("{}".utf8))
/// ```
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// Header name/value pairs, sent in order.
    public var headers: [(String, String)]
    public var body: Data?
    /// Whole-request limit in seconds (connect, send and receive).
    public var timeout: Double

    public init(method: String = "GET", url: String, headers: [(String, String)] = [],
                body: Data? = nil, timeout: Double = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A complete HTTP response: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Lower-cased header names; repeated headers are joined with ", ".
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a request produced no HTTP response. Messages are one line and carry no secrets
/// (never the request body or headers).
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String)
    case dns(host: String)
    case connect(host: String, detail: String)
    case tls(host: String, detail: String)
    case timeout(host: String, seconds: Double)
    case proxy(detail: String)
    /// The connection closed before a whole response arrived.
    case connectionLost(host: String, detail: String)
    case responseTooLarge(limit: Int)
    /// Every try of one operation timed out (made by the client's retry layer, not by a
    /// transport): how many, over how long.
    case noAnswer(host: String, tries: Int, seconds: Double)
    case cancelled
    /// The HTTP library (libcurl, loaded on first use) could not be loaded: the one-line reason.
    case libraryUnavailable(String)
    case other(code: Int, detail: String)

    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid URL: \(u)"
        case .dns(let h): return "could not resolve host \(h) (DNS)"
        case .connect(let h, let d): return "could not connect to \(h): \(d)"
        case .tls(let h, let d): return "TLS error talking to \(h): \(d)"
        case .timeout(let h, let s): return "request to \(h) timed out after \(Self.fmt(s)) s"
        case .proxy(let d): return "proxy error: \(d)"
        case .connectionLost(let h, let d): return "connection to \(h) was lost: \(d)"
        case .responseTooLarge(let l): return "response larger than \(l) bytes"
        case .noAnswer(let h, let n, let s): return "no answer from \(h): \(triesText(n, s))"
        case .cancelled: return "request cancelled"
        case .libraryUnavailable(let why): return why
        case .other(let c, let d): return "HTTP transport error \(c): \(d)"
        }
    }

    private static func fmt(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
    }
}

/// Sends one request and returns the response. Implementations must not block the Swift
/// concurrency cooperative pool, and must honour task cancellation.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
