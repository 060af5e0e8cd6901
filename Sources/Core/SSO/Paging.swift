import Foundation

/// Runs `body` as one operation under `policy`: every try ends by the deadline (clients read it
/// from ``OperationDeadline``), 429, 5xx and lost connections are retried with exponential
/// back-off and full jitter while tries and time remain, other errors are thrown at once. An
/// error still there at the end comes wrapped in ``SSOClientError/gaveUp(_:tries:seconds:)``.
public func withRetries<T: Sendable>(policy: RetryPolicy = RetryPolicy(), _ body: () async throws -> T) async throws -> T {
    let started = Date()
    let deadline = OperationDeadline.current ?? started.addingTimeInterval(policy.deadline)
    var attempt = 1
    while true {
        do {
            return try await OperationDeadline.$current.withValue(deadline) { try await body() }
        } catch let e as SSOClientError where e.isRetryable {
            let delay = policy.backoff(after: attempt)
            guard attempt < policy.maxAttempts, Date().addingTimeInterval(delay) < deadline else {
                throw attempt > 1 ? SSOClientError.gaveUp(e, tries: attempt, seconds: Date().timeIntervalSince(started)) : e
            }
            attempt += 1
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        }
    }
}

extension PortalAPI {
    /// Every account, following `nextToken` with the largest page; each page retried.
    public func allAccounts(accessToken: String, policy: RetryPolicy = RetryPolicy()) async throws -> [Account] {
        var out: [Account] = []
        var next: String? = nil
        repeat {
            let page = try await withRetries(policy: policy) {
                try await listAccounts(accessToken: accessToken, nextToken: next, maxResults: PortalClient.maxPageSize)
            }
            out += page.items
            next = page.nextToken
        } while next != nil
        return out
    }

    /// Every role of one account, following `nextToken`; each page retried.
    public func allAccountRoles(accessToken: String, accountId: String, policy: RetryPolicy = RetryPolicy()) async throws -> [AccountRole] {
        var out: [AccountRole] = []
        var next: String? = nil
        repeat {
            let page = try await withRetries(policy: policy) {
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
