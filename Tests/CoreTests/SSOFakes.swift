import Foundation
@testable import Core

/// A clock whose time moves only when something sleeps on it.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t: Date
    private(set) var sleeps: [TimeInterval] = []
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { t = start }
    var now: Date { lock.lock(); defer { lock.unlock() }; return t }
    func advance(_ s: TimeInterval) { lock.lock(); t = t.addingTimeInterval(s); lock.unlock() }
    var clock: Clock {
        Clock(now: { self.now }, sleep: { s in
            try Task.checkCancellation()
            self.lock.withLock { self.sleeps.append(s); self.t = self.t.addingTimeInterval(s) }
            await Task.yield()
        })
    }
}

func serviceError(_ kind: ServiceError.Kind, _ code: String, status: Int = 400, op: String = "CreateToken") -> SSOClientError {
    .service(ServiceError(kind: kind, code: code, message: "", status: status, operation: op))
}

final class FakeOIDC: OIDCAPI, @unchecked Sendable {
    private let lock = NSLock()
    var tokenResults: [Result<TokenGrant, SSOClientError>] = []
    var registrations = 0
    var createTokenCalls: [TokenRequest] = []
    var createTokenCount: Int { lock.withLock { createTokenCalls.count } }
    var interval: Int? = 1
    var expiresIn = 600
    /// Runs inside createToken before it answers (e.g. another process writing the cache).
    var onCreateToken: (@Sendable () -> Void)?

    func registerClient(name: String, scopes: [String]?, grantTypes: [String]?, redirectUris: [String]?,
                        issuerUrl: String?) async throws -> ClientRegistration {
        let n = lock.withLock { registrations += 1; return registrations }
        return ClientRegistration(clientId: "cid\(n)", clientSecret: "csecret",
                                  expiresAt: Date(timeIntervalSince1970: 1_900_000_000), scopes: scopes)
    }
    func startDeviceAuthorization(clientId: String, clientSecret: String, startUrl: String) async throws -> DeviceAuthorization {
        DeviceAuthorization(deviceCode: "dc", userCode: "ABCD-EFGH", verificationUri: "https://device/",
                            verificationUriComplete: "https://device/?user_code=ABCD-EFGH", expiresIn: expiresIn, interval: interval)
    }
    func createToken(clientId: String, clientSecret: String, _ request: TokenRequest) async throws -> TokenGrant {
        let r: Result<TokenGrant, SSOClientError> = lock.withLock {
            createTokenCalls.append(request)
            return tokenResults.isEmpty ? .failure(serviceError(.authorizationPending, "AuthorizationPendingException")) : tokenResults.removeFirst()
        }
        onCreateToken?()
        return try r.get()
    }
}

final class MemoryStore: SSOTokenStore, @unchecked Sendable {
    private let lock = NSLock()
    var tokens: [String: SSOToken] = [:]
    var regs: [String: ClientRegistration] = [:]
    var saves = 0
    private func key(_ s: SessionRef) -> String { s.name ?? s.startURL }
    func token(for s: SessionRef) -> SSOToken? { lock.lock(); defer { lock.unlock() }; return tokens[key(s)] }
    func saveToken(_ t: SSOToken, for s: SessionRef) throws { lock.lock(); tokens[key(s)] = t; saves += 1; lock.unlock() }
    func deleteToken(for s: SessionRef) throws { lock.lock(); tokens[key(s)] = nil; lock.unlock() }
    func registration(for s: SessionRef) -> ClientRegistration? { lock.lock(); defer { lock.unlock() }; return regs[key(s)] }
    func saveRegistration(_ r: ClientRegistration, for s: SessionRef) throws { lock.lock(); regs[key(s)] = r; lock.unlock() }
}

/// An in-memory portal: `accounts` with `rolesPerAccount`, page size honoured, scripted failures.
final class FakePortal: PortalAPI, @unchecked Sendable {
    private let lock = NSLock()
    let accounts: [Account]
    let roles: [String: [AccountRole]]
    var failures: [String: [SSOClientError]] = [:]   // accountId -> errors to return first
    var unauthorizedAfter: Int? = nil
    /// Seconds each call takes (0: instant).
    var latency: Double = 0
    private(set) var calls: [String] = []
    /// When each call in `calls` began.
    private(set) var callTimes: [Date] = []

    init(count: Int, rolesPer: (Int) -> Int = { 1 + $0 % 6 }) {
        accounts = (0..<count).map { Account(accountId: String(format: "%012d", 100_000_000_000 + $0), accountName: "acct-\($0)") }
        var r: [String: [AccountRole]] = [:]
        for (i, a) in accounts.enumerated() {
            r[a.accountId] = (0..<rolesPer(i)).map { AccountRole(accountId: a.accountId, roleName: "Role\($0)") }
        }
        roles = r
    }

    private func record(_ c: String) throws {
        lock.lock(); defer { lock.unlock() }
        calls.append(c)
        callTimes.append(Date())
        if let n = unauthorizedAfter, calls.count > n {
            throw serviceError(.unauthorized, "UnauthorizedException", status: 401, op: "ListAccountRoles")
        }
    }

    func listAccounts(accessToken: String, nextToken: String?, maxResults: Int) async throws -> Page<Account> {
        try record("accounts:\(nextToken ?? "")")
        if latency > 0 { try await Task.sleep(nanoseconds: UInt64(latency * 1e9)) }
        let start = Int(nextToken ?? "0")!
        let end = min(accounts.count, start + maxResults)
        return Page(items: Array(accounts[start..<end]), nextToken: end < accounts.count ? String(end) : nil)
    }
    func listAccountRoles(accessToken: String, accountId: String, nextToken: String?, maxResults: Int) async throws -> Page<AccountRole> {
        try record("roles:\(accountId):\(nextToken ?? "")")
        if latency > 0 { try await Task.sleep(nanoseconds: UInt64(latency * 1e9)) }
        let err: SSOClientError? = lock.withLock {
            guard var f = failures[accountId], !f.isEmpty else { return nil }
            let e = f.removeFirst(); failures[accountId] = f; return e
        }
        if let err { throw err }
        let all = roles[accountId] ?? []
        let start = Int(nextToken ?? "0")!
        let end = min(all.count, start + maxResults)
        return Page(items: Array(all[start..<end]), nextToken: end < all.count ? String(end) : nil)
    }
    func getRoleCredentials(accessToken: String, accountId: String, roleName: String) async throws -> RoleCredentials {
        RoleCredentials(accessKeyId: "ASIAFAKE", secretAccessKey: "s", sessionToken: "t", expiration: Date())
    }
    func logout(accessToken: String) async throws {}
}

extension RateController {
    /// Waits and books in one step (the loader does the two apart, around its timer).
    mutating func reserve(now: TimeInterval) -> TimeInterval {
        let w = wait(now: now)
        book(now: now + w)
        return w
    }
}
