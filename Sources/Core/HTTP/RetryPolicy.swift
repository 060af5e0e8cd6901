import Foundation

/// How long one operation (one API call: every try, every back-off) may take, and how it is
/// retried. The AWS SDKs retry a timed-out request like any other transient error, so a server
/// that accepts connections and never answers held a command for attempts × timeout (6 × 30 s);
/// here a timeout is retried at most once, and nothing goes past the deadline.
///
/// ```swift
/// var p = RetryPolicy(); p.deadline = 5
/// let portal = PortalClient(transport: http, baseURL: url, timeout: 2, policy: p)
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// Seconds for one operation, all tries and back-off included.
    public var deadline: TimeInterval = 60
    /// Tries in all for throttling (429), 5xx and lost connections.
    public var maxAttempts: Int = 6
    /// Retries after a try that got no answer in time.
    public var timeoutRetries: Int = 1
    /// Exponential back-off: base * 2^attempt, full jitter, capped.
    public var backoffBase: TimeInterval = 0.1
    public var backoffCap: TimeInterval = 4

    public init() {}

    public init(deadline: TimeInterval) { self.deadline = deadline }

    /// The jittered back-off before try `attempt + 1`.
    func backoff(after attempt: Int) -> TimeInterval {
        Double.random(in: 0...min(backoffCap, backoffBase * pow(2, Double(attempt))))
    }
}

/// The deadline of the operation the current task is running, set by a retry layer
/// (``withRetries(policy:_:)``, ``AccountTreeLoader``) so that every try inside it — and the
/// timeout retry the client makes — ends by then.
public enum OperationDeadline {
    @TaskLocal public static var current: Date?
}

/// "2 tries over 60 s": what happened in total.
func triesText(_ tries: Int, _ seconds: TimeInterval) -> String {
    let s = seconds < 9.95 ? String(format: "%.1f", seconds) : String(Int(seconds.rounded()))
    return "\(tries) \(tries == 1 ? "try" : "tries") over \(s) s"
}
