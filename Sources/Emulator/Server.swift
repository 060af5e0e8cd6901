import Foundation
import Hummingbird

/// Routes requests and applies the cross-cutting behaviour: latency, throttling, failure modes,
/// request log, `x-amzn-RequestId`.
struct Server: Sendable {
    let store: Store

    enum Route {
        case api(Operation)
        case web(String)
        case admin(String)
        case notFound
    }

    static let apiRoutes: [String: (String, Operation)] = [
        "/client/register": ("POST", .registerClient),
        "/device_authorization": ("POST", .startDeviceAuthorization),
        "/token": ("POST", .createToken),
        "/assignment/accounts": ("GET", .listAccounts),
        "/assignment/roles": ("GET", .listAccountRoles),
        "/federation/credentials": ("GET", .getRoleCredentials),
        "/logout": ("POST", .logout),
    ]

    static let webRoutes: [String: (Set<String>, String)] = [
        "/": (["GET"], "Index"),
        "/device": (["GET"], "DevicePage"),
        "/device/approve": (["POST"], "DeviceApprove"),
        "/device/deny": (["POST"], "DeviceDeny"),
        "/authorize": (["GET"], "Authorize"),
        "/authorize/continue": (["GET"], "AuthorizeContinue"),
        "/authorize/approve": (["POST"], "AuthorizeApprove"),
        "/authorize/deny": (["POST"], "AuthorizeDeny"),
        "/federation": (["GET", "POST"], "Federation"),
    ]

    static func route(method: String, path: String) -> Route {
        if path.hasPrefix("/_emulator/") { return .admin(String(path.dropFirst("/_emulator/".count))) }
        var p = path
        if p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        // A path prefix from an endpoint override (e.g. AWS_ENDPOINT_URL_SSO=http://host/base) is
        // accepted: try the full path, then drop leading segments.
        while true {
            if let (m, op) = apiRoutes[p] {
                return m == method ? .api(op) : .notFound
            }
            if let (methods, name) = webRoutes[p], methods.contains(method) {
                return .web(name)
            }
            guard let next = p.dropFirst().firstIndex(of: "/") else { return .notFound }
            p = String(p[next...])
        }
    }

    func respond(to request: Request) async -> Response {
        let started = realMonotonicSeconds()
        let timestamp = Int64(nowSeconds() * 1000)
        let requestId = RandomText.uuid()
        var request = request
        let body = (try? await request.collectBody(upTo: 8 << 20)).map { Data(buffer: $0) } ?? Data()
        let rawQuery = request.uri.query ?? ""
        let incoming = Incoming(
            method: request.method.rawValue, path: request.uri.path,
            query: parseForm(rawQuery[...]), headers: request.headers, body: body)

        let route = Self.route(method: incoming.method, path: incoming.path)
        var opName: String
        var reply: Reply
        switch route {
        case .admin(let sub):
            return admin(incoming, sub).response(requestId: requestId)
        case .web(let name):
            opName = name
            reply = await web(name, incoming)
        case .notFound:
            opName = "Unknown"
            reply = .json("{\"message\":\"No operation matches \(incoming.method) \(incoming.path)\"}", status: 404)
            reply.headers.append(("x-amzn-ErrorType", "UnknownOperationException"))
            reply.errorCode = "UnknownOperationException"
        case .api(let op):
            opName = op.rawValue
            reply = await api(op, incoming, seqStart: started, timestamp: timestamp)
        }
        store.log.append(RequestLogEntry(
            seq: store.log.nextSeq(), method: incoming.method, path: incoming.path,
            query: redactQuery(incoming.query), status: reply.status, operation: opName,
            timestamp: timestamp, durationMs: (realMonotonicSeconds() - started) * 1000, error: reply.errorCode))
        return reply.response(requestId: requestId)
    }

    private func api(_ op: Operation, _ req: Incoming, seqStart: Double, timestamp: Int64) async -> Reply {
        if store.config.latencyMs > 0 {
            try? await Task.sleep(for: .milliseconds(store.config.latencyMs))
        }
        if let bucket = store.throttle, !bucket.take() {
            switch op.family {
            case .portal: return .portalError(.tooManyRequests, "Rate exceeded")
            case .oidc: return .oidcError(.tooManyRequests, "Rate exceeded")
            }
        }
        let failure = store.failure(for: op)
        switch failure {
        case .html500:
            var r = Reply.html("""
                <!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>
                <body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>
                """, status: 500)
            r.errorCode = "failure:html500"
            return r
        case .empty:
            var r = Reply(status: 200, contentType: "application/json", body: "")
            r.errorCode = "failure:empty"
            return r
        case .hang:
            // Record the request now (status 0): it will never be answered.
            store.log.append(RequestLogEntry(
                seq: store.log.nextSeq(), method: req.method, path: req.path, query: redactQuery(req.query),
                status: 0, operation: op.rawValue, timestamp: timestamp, durationMs: 0, error: "failure:hang"))
            while !store.shuttingDown.withLock({ $0 }) && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
            var r = Reply.text("shutting down", status: 503)
            r.errorCode = "failure:hang"
            return r
        case .html200:
            var r = Reply.html("<!DOCTYPE html><html><head><title>Sign in</title></head><body><p>Please sign in to the network.</p></body></html>")
            r.errorCode = "failure:html200"
            return r
        case .short, .reset:
            var r = Reply.json("{\"message\":\"" + String(repeating: "x", count: 200) + "\"}")
            r.headers.append((FaultHandler.header.rawName, failure.rawValue))
            r.errorCode = "failure:\(failure.rawValue)"
            return r
        case .throttle:
            var r: Reply
            switch op.family {
            case .portal: r = .portalError(.tooManyRequests, "Rate exceeded")
            case .oidc: r = .oidcError(.tooManyRequests, "Rate exceeded")
            }
            r.errorCode = "failure:throttle"
            return r
        case .unauthorized:
            if op.family == .portal {
                var r = Reply.portalError(.unauthorized, "Session token not found or invalid")
                r.errorCode = "failure:unauthorized"
                return r
            }
        case .expiredRegistration:
            if op == .startDeviceAuthorization || op == .createToken {
                var r = Reply.oidcError(.invalidClient, "Client registration has expired")
                r.errorCode = "failure:expired-registration"
                return r
            }
        case .truncated, .none:
            break
        }
        var reply: Reply
        switch op {
        case .registerClient: reply = registerClient(req)
        case .startDeviceAuthorization: reply = startDeviceAuthorization(req)
        case .createToken: reply = createToken(req)
        case .listAccounts: reply = listAccounts(req)
        case .listAccountRoles: reply = listAccountRoles(req)
        case .getRoleCredentials: reply = getRoleCredentials(req)
        case .logout: reply = logout(req)
        }
        if failure == .truncated {
            var bytes = Array(reply.body.utf8)
            if bytes.isEmpty { bytes = Array("{\"".utf8) }
            let cut = max(1, bytes.count / 2)
            reply = Reply(status: 200, contentType: "application/json",
                          body: String(decoding: bytes[..<cut], as: UTF8.self))
            reply.errorCode = "failure:truncated"
        }
        return reply
    }

    private func web(_ name: String, _ req: Incoming) async -> Reply {
        switch name {
        case "Index": return index()
        case "DevicePage": return devicePage(req)
        case "DeviceApprove": return deviceDecision(req, .approve)
        case "DeviceDeny": return deviceDecision(req, .deny)
        case "Authorize": return await authorize(req)
        case "AuthorizeContinue": return authorizeContinue(requestId: req.query("request") ?? "")
        case "AuthorizeApprove": return authorizeDecision(req, .approve)
        case "AuthorizeDeny": return authorizeDecision(req, .deny)
        case "Federation": return federation(req)
        default: return .text("not found", status: 404)
        }
    }

    private func index() -> Reply {
        let org = store.org
        return .html("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>aws-sso-emulator</title></head>
            <body><h1>AWS IAM Identity Center emulator</h1>
            <p>Serving \(org.accounts.count) accounts. OIDC and portal APIs on this base URL.</p>
            <ul><li><a href="/device">Device verification page</a></li>
            <li><a href="/_emulator/org">Org JSON</a></li>
            <li><a href="/_emulator/requests">Request log</a></li>
            <li><a href="/_emulator/authorizations">Authorizations</a></li></ul></body></html>
            """)
    }
}
