import Foundation

/// One session's endpoints for `doctor --online` (resolved as every other command resolves them).
public struct DoctorProbeTarget: Sendable, Equatable {
    public var scope: DoctorScope
    public var subject: String
    public var portalURL: String
    public var oidcURL: String

    public init(scope: DoctorScope, subject: String, portalURL: String, oidcURL: String) {
        self.scope = scope
        self.subject = subject
        self.portalURL = portalURL
        self.oidcURL = oidcURL
    }
}

/// `doctor --online`: `endpoint-unreachable` per session and `clock-skew` from the portal's
/// `Date` header. The requests carry no token (nothing is signed or logged in): an answer of any
/// HTTP status means the endpoint is reachable.
public enum DoctorOnline {
    /// The clock may differ from the portal's by this much.
    public static let maxSkew: TimeInterval = 5 * 60

    struct Probe: Sendable {
        var portal: Result<(date: Date?, sent: Date, received: Date), TransportError>
        var oidc: Result<Void, TransportError>
    }

    public static func findings(_ targets: [DoctorProbeTarget], transport: any HTTPTransport, timeout: Double,
                                now: @escaping @Sendable () -> Date = Date.init) async -> [DoctorFinding] {
        let probes = await withTaskGroup(of: (Int, Probe).self) { group in
            for (i, t) in targets.enumerated() {
                group.addTask { (i, await probe(t, transport: transport, timeout: timeout, now: now)) }
            }
            var all: [Int: Probe] = [:]
            for await (i, p) in group { all[i] = p }
            return all
        }
        var out: [DoctorFinding] = []
        var skew: (TimeInterval, String)?
        for (i, t) in targets.enumerated() {
            guard let p = probes[i] else { continue }
            var problems: [String] = []
            if case let .failure(e) = p.portal { problems.append("portal \(t.portalURL): \(e.description)") }
            if case let .failure(e) = p.oidc { problems.append("OIDC \(t.oidcURL): \(e.description)") }
            if problems.isEmpty {
                out.append(DoctorFinding(.endpointUnreachable, .ok, subject: t.subject,
                                         message: "the portal (\(t.portalURL)) and OIDC (\(t.oidcURL)) endpoints answer", scope: t.scope))
            } else {
                out.append(DoctorFinding(.endpointUnreachable, .fail, subject: t.subject,
                                         message: problems.joined(separator: "; "),
                                         fix: "check the network, the proxy (HTTPS_PROXY, NO_PROXY), the endpoint overrides (AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC) and sso_region",
                                         scope: t.scope))
            }
            if skew == nil, case let .success(r) = p.portal, let d = r.date {
                let mid = r.sent.addingTimeInterval(r.received.timeIntervalSince(r.sent) / 2)
                skew = (d.timeIntervalSince(mid), t.portalURL)
            }
        }
        if let (s, url) = skew {
            if abs(s) > maxSkew {
                out.append(DoctorFinding(.clockSkew, .fail, subject: "clock",
                                         message: "this machine's clock is \(skewText(s)) \(s > 0 ? "behind" : "ahead of") the portal's (\(url)): token expiry is misjudged and the service rejects requests",
                                         fix: "set the clock right (e.g. sudo timedatectl set-ntp true)"))
            } else {
                out.append(DoctorFinding(.clockSkew, .ok, subject: "clock",
                                         message: "within \(skewText(s)) of the portal's clock (\(url))"))
            }
        }
        return out
    }

    static func probe(_ t: DoctorProbeTarget, transport: any HTTPTransport, timeout: Double,
                      now: @escaping @Sendable () -> Date) async -> Probe {
        async let portal: Result<(date: Date?, sent: Date, received: Date), TransportError> = {
            let sent = now()
            do {
                let res = try await transport.send(HTTPRequest(method: "GET", url: t.portalURL + "/assignment/accounts?max_result=1",
                                                              headers: [("User-Agent", UserAgent.value)], timeout: timeout))
                return .success((res.header("date").flatMap(parseHTTPDate), sent, now()))
            } catch let e as TransportError {
                return .failure(e)
            } catch {
                return .failure(.other(code: -1, detail: "\(error)"))
            }
        }()
        async let oidc: Result<Void, TransportError> = {
            do {
                _ = try await transport.send(HTTPRequest(method: "GET", url: t.oidcURL + "/",
                                                        headers: [("User-Agent", UserAgent.value)], timeout: timeout))
                return .success(())
            } catch let e as TransportError {
                return .failure(e)
            } catch {
                return .failure(.other(code: -1, detail: "\(error)"))
            }
        }()
        return Probe(portal: await portal, oidc: await oidc)
    }

    /// The skew in words: whole minutes (rounded) from a minute up, else seconds (a `Date` header
    /// has whole seconds, so the measure is good to about a second).
    static func skewText(_ s: TimeInterval) -> String {
        let a = abs(s)
        return a >= 60 ? "\(Int((a / 60).rounded()))m" : "\(Int(a.rounded()))s"
    }

    /// An HTTP `Date` (IMF-fixdate, `Tue, 01 Dec 2026 09:59:03 GMT`).
    public static func parseHTTPDate(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.date(from: s.trimmingCharacters(in: .whitespaces))
    }
}
