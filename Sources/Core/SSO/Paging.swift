import Foundation

/// Runs `body`, retrying 429, 5xx and lost connections with exponential back-off and full jitter
/// (`base * 2^attempt`, capped), `attempts` tries in all. Other errors are thrown at once.
public func withRetries<T: Sendable>(attempts: Int = 6, base: TimeInterval = 0.1, cap: TimeInterval = 4,
                                     _ body: () async throws -> T) async throws -> T {
    var attempt = 1
    while true {
        do { return try await body() } catch let e as SSOClientError where e.isRetryable && attempt < attempts {
            let limit = min(cap, base * pow(2, Double(attempt)))
            attempt += 1
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...limit) * 1e9))
        }
    }
}

extension PortalAPI {
    /// Every account, following `nextToken` with the largest page; each page retried.
    public func allAccounts(accessToken: String) async throws -> [Account] {
        var out: [Account] = []
        var next: String? = nil
        repeat {
            let page = try await withRetries {
                try await listAccounts(accessToken: accessToken, nextToken: next, maxResults: PortalClient.maxPageSize)
            }
            out += page.items
            next = page.nextToken
        } while next != nil
        return out
    }

    /// Every role of one account, following `nextToken`; each page retried.
    public func allAccountRoles(accessToken: String, accountId: String) async throws -> [AccountRole] {
        var out: [AccountRole] = []
        var next: String? = nil
        repeat {
            let page = try await withRetries {
                try await listAccountRoles(accessToken: accessToken, accountId: accountId, nextToken: next,
                                           maxResults: PortalClient.maxPageSize)
            }
            out += page.items
            next = page.nextToken
        } while next != nil
        return out
    }
}

/// A whole listing, for callers that want the result rather than the stream.
public struct AccountTree: Sendable, Equatable {
    public var accounts: [Account] = []
    public var roles: [AccountRole] = []
    /// Accounts whose roles could not be listed: id and message.
    public var failures: [(accountId: String, message: String)] = []

    public static func == (a: AccountTree, b: AccountTree) -> Bool {
        a.accounts == b.accounts && a.roles == b.roles && a.failures.map(\.accountId) == b.failures.map(\.accountId)
    }
}

/// Why a listing stopped before the end.
public enum ListingStopped: Error, Sendable, Equatable {
    /// The token was rejected (401): log in again.
    case unauthorized(String)
    case failed(String)
}

extension AccountTreeLoader {
    /// Runs the listing to the end and returns everything it found. Throws ``ListingStopped``
    /// when the token is rejected or the account listing itself fails.
    public nonisolated func collect() async throws -> AccountTree {
        let runner = Task { await run() }
        defer { runner.cancel() }
        var tree = AccountTree()
        for await e in events {
            switch e {
            case .accounts(let a): tree.accounts += a
            case .roles(_, let r): tree.roles += r
            case .accountFailed(let id, let m): tree.failures.append((id, m))
            case .unauthorized(let m): throw ListingStopped.unauthorized(m)
            case .failed(let m): throw ListingStopped.failed(m)
            default: break
            }
        }
        return tree
    }
}
