import CCurl
import Foundation

/// TLS and proxy settings for ``CurlTransport``, resolved the way botocore resolves them.
public struct TransportOptions: Sendable, Equatable {
    /// PEM bundle to trust instead of the system store (`AWS_CA_BUNDLE`, `ca_bundle`, ...).
    public var caBundle: String?
    /// Proxy for `http://` targets and for `https://` targets, and the bypass list.
    public var httpProxy: String?
    public var httpsProxy: String?
    public var noProxy: String?
    public var connectTimeout: Double = 10
    /// The largest body accepted; a larger one fails with ``TransportError/responseTooLarge(limit:)``.
    public var maxResponseBytes: Int = 64 << 20
    public var userAgent: String?

    public init(caBundle: String? = nil, httpProxy: String? = nil, httpsProxy: String? = nil,
                noProxy: String? = nil, userAgent: String? = nil) {
        self.caBundle = caBundle
        self.httpProxy = httpProxy
        self.httpsProxy = httpsProxy
        self.noProxy = noProxy
        self.userAgent = userAgent
    }

    /// Reads the environment as botocore does: `AWS_CA_BUNDLE`, then the profile's `ca_bundle`,
    /// then `REQUESTS_CA_BUNDLE` (`SSL_CERT_FILE` is ignored, as botocore ignores it); proxies from
    /// `http_proxy`/`HTTP_PROXY`, `https_proxy`/`HTTPS_PROXY`, `no_proxy`/`NO_PROXY`, the lower-case
    /// form winning. Empty values count as unset.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment,
                                       profileCABundle: String? = nil) -> TransportOptions {
        func get(_ k: String) -> String? {
            guard let v = env[k]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        let ca = get("AWS_CA_BUNDLE")
            ?? profileCABundle.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            ?? get("REQUESTS_CA_BUNDLE")
        func proxy(_ k: String) -> String? {
            guard let v = get(k.lowercased()) ?? get(k.uppercased()) else { return nil }
            return v.contains("://") ? v : "http://" + v
        }
        return TransportOptions(caBundle: ca, httpProxy: proxy("http_proxy"),
                                httpsProxy: proxy("https_proxy"),
                                noProxy: get("no_proxy") ?? get("NO_PROXY"))
    }
}

/// An ``HTTPTransport`` on libcurl's easy interface.
///
/// Each request runs `curl_easy_perform` on a thread of its own (reused; never on the cooperative
/// pool) and resumes the awaiting task when done. Easy handles are pooled so that keep-alive
/// connections and the DNS cache are reused between requests. Cancelling the task aborts the
/// transfer through libcurl's progress callback.
///
/// ```swift
/// let http = CurlTransport(options: .fromEnvironment())
/// let res = try await http.send(HTTPRequest(url: "http://127.0.0.1:8080/"))
/// print(res.status)
/// ```
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    public let options: TransportOptions
    private let lock = NSLock()
    private var idle: [UnsafeMutableRawPointer] = []

    /// libcurl is loaded (`dlopen`) and initialised on the first request; nil when that worked,
    /// else the one-line reason.
    private static let loadError: String? = {
        var err = [CChar](repeating: 0, count: 320)
        guard ccurl_load(&err, err.count) != 0 else { return nil }
        return String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Cheap: libcurl (and the TLS library behind it) is loaded and initialised on the first
    /// request, so a command that never goes to the network does not pay for it — the binary
    /// does not even link it (see Sources/CCurl).
    public init(options: TransportOptions = TransportOptions()) {
        self.options = options
    }

    deinit {
        for h in idle { ccurl_easy_cleanup(h) }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let parsed = URL(string: request.url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty else {
            throw TransportError.invalidURL(Self.redactedURL(request.url))
        }
        let state = TransferState(maxBytes: options.maxResponseBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTPResponse, Error>) in
                // A thread per transfer in flight: curl_easy_perform blocks, and GCD's pool is as
                // narrow as the core count, which would serialise concurrent listings. Threads are
                // reused (creating one per request cost ~10% of a listing's CPU).
                TransferThreads.shared.run {
                    cont.resume(with: Result { try self.perform(request, host: host, state: state) })
                }
            }
        } onCancel: {
            state.cancel()
        }
    }

    // MARK: - libcurl

    private func checkout() throws -> UnsafeMutableRawPointer {
        if let e = Self.loadError { throw TransportError.libraryUnavailable(e) }
        lock.lock()
        if let h = idle.popLast() { lock.unlock(); return h }
        lock.unlock()
        guard let h = ccurl_easy_init() else { throw TransportError.other(code: -1, detail: "curl_easy_init failed") }
        return h
    }

    private func checkin(_ h: UnsafeMutableRawPointer) {
        ccurl_easy_reset(h)  // keeps live connections and the DNS cache
        lock.lock()
        if idle.count < 32 { idle.append(h); lock.unlock() } else { lock.unlock(); ccurl_easy_cleanup(h) }
    }

    private func perform(_ req: HTTPRequest, host: String, state: TransferState) throws -> HTTPResponse {
        if state.isCancelled { throw TransportError.cancelled }
        let h = try checkout()
        defer { checkin(h) }

        var errbuf = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { ccurl_slist_free_all(headerList) }

        let ctx = Unmanaged.passRetained(state)
        defer { ctx.release() }

        return try errbuf.withUnsafeMutableBufferPointer { eb -> HTTPResponse in
            _ = ccurl_setopt_ptr(h, CCURLOPT_ERRORBUFFER, eb.baseAddress)
            _ = ccurl_setopt_string(h, CCURLOPT_URL, req.url)
            _ = ccurl_setopt_long(h, CCURLOPT_NOSIGNAL, 1)
            _ = ccurl_setopt_long(h, CCURLOPT_FOLLOWLOCATION, 0)
            _ = ccurl_setopt_long(h, CCURLOPT_TIMEOUT_MS, Self.milliseconds(req.timeout))
            _ = ccurl_setopt_long(h, CCURLOPT_CONNECTTIMEOUT_MS,
                                  Self.milliseconds(min(options.connectTimeout, req.timeout)))
            _ = ccurl_setopt_string(h, CCURLOPT_ACCEPT_ENCODING, "")  // accept what libcurl can decode
            if let ua = options.userAgent { _ = ccurl_setopt_string(h, CCURLOPT_USERAGENT, ua) }
            if let ca = options.caBundle { _ = ccurl_setopt_string(h, CCURLOPT_CAINFO, ca) }
            // Proxies: set explicitly so behaviour matches botocore whatever libcurl reads itself.
            let isHTTPS = req.url.lowercased().hasPrefix("https:")
            _ = ccurl_setopt_string(h, CCURLOPT_PROXY, (isHTTPS ? options.httpsProxy : options.httpProxy) ?? "")
            if let np = options.noProxy { _ = ccurl_setopt_string(h, CCURLOPT_NOPROXY, np) }

            let method = req.method.uppercased()
            var names = Set<String>()
            for (k, v) in req.headers {
                names.insert(k.lowercased())
                headerList = ccurl_slist_append(headerList, "\(k): \(v)")
            }
            headerList = ccurl_slist_append(headerList, "Expect:")
            switch method {
            case "GET":
                _ = ccurl_setopt_long(h, CCURLOPT_HTTPGET, 1)
            case "HEAD":
                _ = ccurl_setopt_long(h, CCURLOPT_NOBODY, 1)
            default:
                _ = ccurl_setopt_long(h, CCURLOPT_POST, 1)
                let body = req.body ?? Data()
                _ = ccurl_setopt_off(h, CCURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { raw in
                    // COPYPOSTFIELDS copies, so the buffer need not outlive this call.
                    let p = raw.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    _ = ccurl_setopt_ptr(h, CCURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: p))
                }
                if !names.contains("content-type") {
                    headerList = ccurl_slist_append(headerList, "Content-Type:")  // send none
                }
                if method != "POST" { _ = ccurl_setopt_string(h, CCURLOPT_CUSTOMREQUEST, method) }
            }
            _ = ccurl_setopt_slist(h, CCURLOPT_HTTPHEADER, headerList)

            let opaque = ctx.toOpaque()
            _ = ccurl_setopt_write_cb(h, CCURLOPT_WRITEFUNCTION, curlWrite)
            _ = ccurl_setopt_ptr(h, CCURLOPT_WRITEDATA, opaque)
            _ = ccurl_setopt_write_cb(h, CCURLOPT_HEADERFUNCTION, curlHeader)
            _ = ccurl_setopt_ptr(h, CCURLOPT_HEADERDATA, opaque)
            _ = ccurl_setopt_long(h, CCURLOPT_NOPROGRESS, 0)
            _ = ccurl_setopt_xferinfo_cb(h, CCURLOPT_XFERINFOFUNCTION, curlProgress)
            _ = ccurl_setopt_ptr(h, CCURLOPT_XFERINFODATA, opaque)

            let rc = ccurl_easy_perform(h)
            if rc != CURLE_OK {
                let detail = eb.baseAddress.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
                    ?? String(cString: ccurl_easy_strerror(rc))
                throw Self.mapError(rc, host: host, detail: Self.redact(detail, url: req.url),
                                    timeout: req.timeout, state: state)
            }
            var status: Int = 0
            _ = ccurl_getinfo_long(h, CCURLINFO_RESPONSE_CODE, &status)
            return HTTPResponse(status: status, headers: state.headers, body: state.body)
        }
    }

    /// Seconds as libcurl milliseconds, clamped to 1 ms ... 1 day (NaN and infinities included:
    /// a Double that does not fit an Int must never reach `Int(_:)`).
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return seconds > 0 ? 86_400_000 : 1 }
        return Int(min(86_400_000, max(1, seconds * 1000)))
    }

    static func mapError(_ rc: CURLcode, host: String, detail: String, timeout: Double,
                         state: TransferState) -> TransportError {
        switch rc {
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        case CURLE_WRITE_ERROR where state.tooLarge: return .responseTooLarge(limit: state.maxBytes)
        case CURLE_COULDNT_RESOLVE_HOST: return .dns(host: host)
        case CURLE_COULDNT_RESOLVE_PROXY: return .proxy(detail: detail)
        case CURLE_COULDNT_CONNECT: return .connect(host: host, detail: detail)
        case CURLE_OPERATION_TIMEDOUT: return .timeout(host: host, seconds: timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_INITFAILED:
            return .tls(host: host, detail: detail)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost(host: host, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL(host)
        default: return .other(code: Int(rc.rawValue), detail: detail)
        }
    }

    /// Never let a query string (which may hold tokens) into an error message.
    static func redact(_ text: String, url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return text }
        return text.replacingOccurrences(of: String(url[q...]), with: "?…")
    }

    static func redactedURL(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        return String(url[..<q]) + "?…"
    }
}

/// Per-transfer buffers shared with the C callbacks.
final class TransferState: @unchecked Sendable {
    let maxBytes: Int
    var body = Data()
    var headers: [String: String] = [:]
    var tooLarge = false
    private let lock = NSLock()
    private var cancelled = false

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}

private let curlWrite: ccurl_write_cb = { ptr, size, nmemb, user in
    let st = Unmanaged<TransferState>.fromOpaque(user!).takeUnretainedValue()
    let n = size * nmemb
    if st.body.count + n > st.maxBytes { st.tooLarge = true; return 0 }
    if let ptr, n > 0 { st.body.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n) }
    return n
}

private let curlHeader: ccurl_write_cb = { ptr, size, nmemb, user in
    let st = Unmanaged<TransferState>.fromOpaque(user!).takeUnretainedValue()
    let n = size * nmemb
    guard let ptr, n > 0 else { return n }
    HeaderLine.parse(UnsafeRawBufferPointer(start: ptr, count: n), into: &st.headers)
    return n
}

/// One raw header line from libcurl, parsed on bytes (Foundation's string trimming was a sixth
/// of a listing's CPU).
enum HeaderLine {
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    private static func trimmed(_ b: UnsafeRawBufferPointer.SubSequence) -> UnsafeRawBufferPointer.SubSequence {
        var lo = b.startIndex, hi = b.endIndex
        while lo < hi, isSpace(b[lo]) { lo += 1 }
        while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
        return b[lo..<hi]
    }

    /// A status line (`HTTP/...`) starts a new response (after 100-continue or a redirect) and
    /// clears `headers`; `Name: value` is stored under the lower-cased name, repeated names joined
    /// with ", "; anything else is ignored.
    static func parse(_ raw: UnsafeRawBufferPointer, into headers: inout [String: String]) {
        let line = trimmed(raw[...])
        if line.starts(with: "HTTP/".utf8) {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: trimmed(line[..<colon]).lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 },
                          as: UTF8.self)
        let value = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
        if let old = headers[name] { headers[name] = old + ", " + value } else { headers[name] = value }
    }
}

/// Threads for blocking transfers: one per transfer in flight, kept for a few seconds after
/// their transfer so that the next one does not pay for creating a thread.
final class TransferThreads: @unchecked Sendable {
    static let shared = TransferThreads()

    private let cond = NSCondition()
    private var jobs: [() -> Void] = []
    private var idle = 0
    private let keepAlive: TimeInterval = 5

    func run(_ job: @escaping () -> Void) {
        cond.lock()
        jobs.append(job)
        if idle > jobs.count - 1 {
            cond.signal()
            cond.unlock()
            return
        }
        cond.unlock()
        let t = Thread { [self] in worker() }
        t.stackSize = 512 << 10
        t.start()
    }

    private func worker() {
        cond.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                cond.unlock()
                job()
                cond.lock()
                continue
            }
            idle += 1
            let woke = cond.wait(until: Date(timeIntervalSinceNow: keepAlive))
            idle -= 1
            if !woke && jobs.isEmpty { break }
        }
        cond.unlock()
    }
}
private let curlProgress: ccurl_xferinfo_cb = { user, _, _, _, _ in
    let st = Unmanaged<TransferState>.fromOpaque(user!).takeUnretainedValue()
    return st.isCancelled ? 1 : 0
}

