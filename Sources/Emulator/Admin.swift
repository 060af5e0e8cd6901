import Foundation

/// Test and control endpoints under `/_emulator/`. Not throttled, not delayed, never failing on
/// purpose, and not recorded in the request log.
extension Server {
    private func adminError(_ message: String, status: Int) -> Reply {
        .json("{\"error\":" + jsonQuote(message) + "}", status: status)
    }

    private func decisionJSON(_ d: Store.DecisionResult) -> String {
        var o = JSONObject()
        o.add("kind", string: d.kind)
        o.add("userCode", string: d.userCode)
        o.add("status", string: d.status.rawValue)
        o.add("redirect", string: d.redirect)
        return o.encoded
    }

    func admin(_ req: Incoming, _ sub: String) -> Reply {
        switch (req.method, sub) {
        case ("GET", "requests"):
            var entries = store.log.all()
            if let op = req.query("operation") { entries = entries.filter { $0.operation == op } }
            return .json("[" + entries.map(\.json).joined(separator: ",\n") + "]")

        case ("POST", "requests/clear"):
            return .json("{\"cleared\":\(store.log.clear())}")

        case ("POST", "approve"), ("POST", "deny"):
            let decision: Store.Decision = sub == "approve" ? .approve : .deny
            guard let code = req.query("user_code"), !code.isEmpty else {
                // No code: decide every pending authorization.
                let all = store.decideAll(decision)
                return .json("{\"decided\":[" + all.map(decisionJSON).joined(separator: ",") + "]}")
            }
            switch store.decide(userCode: code, decision) {
            case .success(let d): return .json(decisionJSON(d))
            case .failure(.notFound): return adminError("unknown user_code \(code)", status: 404)
            case .failure(.expired): return adminError("user_code \(code) has expired", status: 410)
            case .failure(.alreadyDecided(let st)):
                return adminError("user_code \(code) is already \(st.rawValue)", status: 409)
            }

        case ("GET", "authorizations"):
            let now = nowSeconds()
            let items: [String] = store.state.withLock { s in
                var out: [String] = []
                for d in s.devices.values.sorted(by: { $0.createdAt < $1.createdAt }) {
                    var o = JSONObject()
                    o.add("kind", string: "device")
                    o.add("userCode", string: d.userCode)
                    o.add("clientName", string: s.registrations[d.clientId]?.clientName)
                    o.add("startUrl", string: d.startUrl)
                    o.add("status", string: now >= d.expiresAt && store.effectiveStatus(d, now: now) != .consumed
                        ? "expired" : store.effectiveStatus(d, now: now).rawValue)
                    out.append(o.encoded)
                }
                for p in s.pkce.values.sorted(by: { $0.createdAt < $1.createdAt }) {
                    var o = JSONObject()
                    o.add("kind", string: "pkce")
                    o.add("userCode", string: p.userCode)
                    o.add("clientName", string: s.registrations[p.clientId]?.clientName)
                    o.add("redirectUri", string: p.redirectUri)
                    o.add("status", string: now >= p.expiresAt && p.status == .pending ? "expired" : p.status.rawValue)
                    o.add("continue", string: "/authorize/continue?request=" + percentEncode(p.requestId))
                    out.append(o.encoded)
                }
                return out
            }
            return .json("[" + items.joined(separator: ",\n") + "]")

        case ("GET", "org"):
            return .json(store.org.json())

        case ("POST", "org"):
            do {
                let org = try Org.parse(req.body)
                store.setOrg(org)
                return .json("{\"accounts\":\(org.accounts.count)}")
            } catch {
                return adminError("\(error)", status: 400)
            }

        case ("POST", "expire-tokens"):
            let refreshToo = ["1", "true", "yes"].contains(req.query("refresh")?.lowercased() ?? "")
            let (a, r) = store.expireTokens(refreshToo: refreshToo)
            return .json("{\"expiredAccessTokens\":\(a),\"revokedRefreshTokens\":\(r)}")

        case ("GET", "failure"), ("POST", "failure"):
            if req.method == "POST" {
                guard let m = req.query("mode"), let mode = FailureMode(rawValue: m) else {
                    return adminError("mode must be one of " + FailureMode.allCases.map(\.rawValue).joined(separator: ", "), status: 400)
                }
                var ops: Set<Operation>? = nil
                if let raw = req.query("ops"), !raw.isEmpty {
                    switch parseOperations(raw) {
                    case .success(let o): ops = o
                    case .failure(let e): return adminError(e.description, status: 400)
                    }
                }
                store.setFailure(mode, ops: ops)
            }
            let (mode, ops) = store.state.withLock { ($0.failure, $0.failureOps) }
            var o = JSONObject()
            o.add("mode", string: mode.rawValue)
            o.add("ops", raw: ops.map { jsonArray($0.map(\.rawValue).sorted().map(jsonQuote)) } ?? "null")
            return .json(o.encoded)

        case ("GET", "clock"), ("POST", "clock/advance"):
            if req.method == "POST" {
                guard let raw = req.query("seconds"), let secs = Double(raw), secs.isFinite, secs >= 0 else {
                    return adminError("seconds must be a number >= 0 (the clock only moves forward)", status: 400)
                }
                EmulatorClock.advance(by: secs)
            }
            var o = JSONObject()
            o.add("offsetSeconds", raw: "\(EmulatorClock.offsetSeconds)")
            o.add("now", raw: "\(nowSeconds())")
            return .json(o.encoded)

        case ("GET", "health"):
            return .json("{\"ok\":true,\"url\":" + jsonQuote(store.base) + "}")

        default:
            return adminError("unknown admin endpoint \(req.method) /_emulator/\(sub)", status: 404)
        }
    }
}

func parseOperations(_ raw: String) -> Result<Set<Operation>, OrgError> {
    var ops = Set<Operation>()
    for name in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
        guard let op = Operation(rawValue: name) else {
            return .failure(OrgError(description: "unknown operation \(name); known: "
                + Operation.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        ops.insert(op)
    }
    return .success(ops)
}
