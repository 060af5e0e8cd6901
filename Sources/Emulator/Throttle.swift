import Foundation
import Synchronization

/// A token bucket shared by all OIDC and portal API calls (the service's "collective" throttle).
final class TokenBucket: Sendable {
    private struct S { var tokens: Double; var last: Double }
    let rate: Double
    let burst: Double
    private let s: Mutex<S>

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
        self.s = Mutex(S(tokens: burst, last: monotonicSeconds()))
    }

    /// Takes one token; false means "throttled".
    func take() -> Bool {
        let now = monotonicSeconds()
        return s.withLock { st in
            st.tokens = min(burst, st.tokens + (now - st.last) * rate)
            st.last = now
            if st.tokens >= 1 {
                st.tokens -= 1
                return true
            }
            return false
        }
    }
}
