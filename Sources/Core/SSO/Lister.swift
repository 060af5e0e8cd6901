import Foundation

/// Tuning for ``AccountTreeLoader``.
public struct ListingOptions: Sendable, Equatable {
    /// Requests in flight at most.
    public var concurrency: Int = 16
    /// Requests per second before any throttling has been seen; nil = only the concurrency cap.
    public var initialRate: Double? = nil
    /// The rate to fall back to when the first 429 arrives: IAM Identity Center documents a
    /// collective limit of about 20 requests per second.
    public var throttledRatePrior: Double = 20
    public var minRate: Double = 1
    /// Attempts per request (the first try included) for 429, 5xx and lost connections.
    public var maxAttempts: Int = 6
    /// Exponential back-off: base * 2^attempt, full jitter, capped.
    public var backoffBase: TimeInterval = 0.1
    public var backoffCap: TimeInterval = 4
    public var pageSize: Int = PortalClient.maxPageSize
    /// Seconds one request may take, all its tries and back-off included (``RetryPolicy``). A
    /// request that runs out of them — the server does not answer, or throttles or fails past
    /// every retry — stops the whole listing: the server is not in a state to list the rest.
    public var deadline: TimeInterval = 60
    /// Pacing: consecutive sends are at least `srtt / (concurrency × pacingGain)` apart, where
    /// srtt is the smoothed round-trip time of the requests so far (nil: no pacing). Spread over
    /// the round trip instead of sent in bursts, requests do not queue behind each other in the
    /// service (and in the client): against the emulator at 30 ms with 16 in flight, bursts made
    /// each request 31.3 ms instead of 30.5. A gain well above 1 keeps the concurrency cap, not
    /// the pacing, the limit (1.2 measured no better than 2, and a little worse).
    public var pacingGain: Double? = 2

    public init() {}
}

/// What the loader reports, in order, as results arrive.
public enum ListingEvent: Sendable, Equatable {
    /// A page of accounts (more may follow).
    case accounts([Account])
    /// All account pages are in.
    case accountsComplete(total: Int)
    /// Every role of one account.
    case roles(accountId: String, roles: [AccountRole])
    /// One account's roles could not be listed (after retries).
    case accountFailed(accountId: String, message: String)
    /// The token was rejected (401): the user must log in again. Nothing further follows.
    case unauthorized(String)
    /// Listing stopped on an error that is not per-account. Nothing further follows.
    case failed(String)
    /// All done.
    case finished(ListingStats)
}

/// Figures from one listing, for the benchmark and the status line.
public struct ListingStats: Sendable, Equatable {
    public var requests = 0
    public var throttled = 0
    public var retries = 0
    public var failedAccounts = 0
    public var peakConcurrency = 0
    public var accounts = 0
    public var roles = 0
    public var firstPageAfter: TimeInterval?
    public var totalTime: TimeInterval = 0
    public var finalRate: Double?
    public init() {}
}

/// The send-rate controller: unlimited (concurrency-bound) until the service throttles, then
/// paced at a rate that backs off multiplicatively on 429 and creeps back up additively.
struct RateController: Sendable {
    var rate: Double?            // nil: no pacing
    var nextSend: TimeInterval = 0
    var lastCut: TimeInterval = -1_000
    var lastRaise: TimeInterval = 0
    let prior: Double
    let minRate: Double

    init(initial: Double?, prior: Double, minRate: Double) {
        rate = initial
        self.prior = prior
        self.minRate = minRate
    }

    /// Seconds to wait before the next send may go at time `now` (0: it may go now).
    mutating func wait(now: TimeInterval) -> TimeInterval {
        guard rate != nil else { return 0 }
        raise(now: now)
        return max(0, nextSend - now)
    }

    /// Books a send at `now` (call when ``wait(now:)`` is 0).
    mutating func book(now: TimeInterval) {
        guard let r = rate else { return }
        nextSend = max(now, nextSend) + 1 / r
    }

    /// A 429: cut the rate (at most once per second, so one burst counts once).
    mutating func throttled(now: TimeInterval) {
        guard now - lastCut >= 1 else { return }
        lastCut = now
        lastRaise = now
        if let r = rate { rate = max(minRate, r * 0.85) } else { rate = max(minRate, prior * 0.95) }
        // Let the service's bucket refill a little before sending again.
        nextSend = max(nextSend, now + 1 / (rate ?? prior))
    }

    /// Additive increase: +2.5% of the rate for every 2 s without throttling.
    mutating func raise(now: TimeInterval) {
        guard let r = rate, now - lastRaise >= 2 else { return }
        rate = r + max(0.25, r * 0.025)
        lastRaise = now
    }
}

/// Lists every account and every account's roles for one access token, as fast as the service
/// allows and no faster: a concurrency cap, an adaptive request rate, retries with exponential
/// back-off and jitter, and a priority lane (``prioritize(_:)``) for the account the user is
/// looking at. Results stream out account by account through ``events``.
///
/// ```swift
/// let loader = AccountTreeLoader(portal: portal, accessToken: token)
/// Task { await loader.run() }
/// for await e in loader.events { ... }
/// ```
public actor AccountTreeLoader {
    public nonisolated let events: AsyncStream<ListingEvent>
    private let continuation: AsyncStream<ListingEvent>.Continuation
    private let portal: any PortalAPI
    private let token: String
    private let options: ListingOptions
    private let clock: Clock

    private enum Job: Sendable {
        case accounts(next: String?)
        case roles(accountId: String, next: String?)
    }

    private struct Pending: Sendable {
        var job: Job
        var attempt: Int
        var notBefore: TimeInterval
        /// When the first try went (wall clock): the request's deadline runs from here.
        var firstSent: Date? = nil
    }

    private enum Outcome: Sendable {
        /// A timer child: the next send slot (or a delayed retry) is due.
        case tick
        /// A page, and the request's round-trip time.
        case accounts(Page<Account>, rtt: TimeInterval)
        case roles(String, Page<AccountRole>, rtt: TimeInterval)
        case error(Pending, SSOClientError)
    }

    private var queue: [Pending] = []          // FIFO of role jobs (and retries)
    private var front: [Pending] = []          // account pages, role continuation pages, priority
    private var priority: [String] = []
    private var started: Set<String> = []      // accounts whose role listing has begun
    /// Accounts of an earlier listing (``init(portal:accessToken:options:clock:expectedAccounts:)``),
    /// which accounts the live pages have listed so far, and results held for expected accounts
    /// no page has listed yet.
    private let expectedSet: Set<String>
    private var listed: Set<String> = []
    private var held: [String: ListingEvent] = [:]
    private var accountsDone = false
    private var partialRoles: [String: [AccountRole]] = [:]
    private var inFlight = 0
    private var tickPending = false
    /// Slow start: the window begins at 16 and doubles with each window of successes, up to the
    /// cap, until the service first throttles (then the rate controller paces). Within the window
    /// sends are paced (``ListingOptions/pacingGain``), so the first 16 go out spread over about
    /// half a round trip, not in one burst. (It began at 8 before pacing: one round trip at half
    /// the concurrency cost 1.5% of a 600-account listing.)
    private var window: Int
    private var successesInWindow = 0
    private var rate: RateController
    /// Smoothed round-trip time of successful requests (for pacing), and when the last send went.
    private var srtt: TimeInterval?
    private var lastSend: TimeInterval?
    private var stats = ListingStats()
    private var t0: TimeInterval = 0
    private var stopped = false

    /// `expectedAccounts`: the account ids of an earlier listing (the account-tree cache). Their
    /// role listings start at once, beside the first account page, instead of a round trip later.
    /// Events keep their order all the same: an account's roles (or failure) are reported only
    /// after a page has listed the account; for an expected account that no page lists (access
    /// removed since) nothing is reported, and its requests still to go are dropped.
    public init(portal: any PortalAPI, accessToken: String, options: ListingOptions = ListingOptions(),
                clock: Clock = .system, expectedAccounts: [String] = []) {
        (events, continuation) = AsyncStream.makeStream(of: ListingEvent.self, bufferingPolicy: .unbounded)
        self.portal = portal
        self.token = accessToken
        self.options = options
        self.clock = clock
        rate = RateController(initial: options.initialRate, prior: options.throttledRatePrior, minRate: options.minRate)
        window = min(options.concurrency, 16)
        var seen = Set<String>()
        queue = expectedAccounts.filter { seen.insert($0).inserted }
            .map { Pending(job: .roles(accountId: $0, next: nil), attempt: 0, notBefore: 0) }
        expectedSet = seen
    }

    private func now() -> TimeInterval { clock.now().timeIntervalSince1970 - t0 }

    /// Fetch this account's roles next (ahead of the queue). Safe to call at any time.
    public func prioritize(_ accountId: String) {
        guard !started.contains(accountId) else { return }
        priority.removeAll { $0 == accountId }
        priority.insert(accountId, at: 0)
    }

    /// Runs the listing to the end (or until the task is cancelled). Emits events as it goes.
    public func run() async {
        t0 = clock.now().timeIntervalSince1970
        front.append(Pending(job: .accounts(next: nil), attempt: 0, notBefore: 0))
        await withTaskGroup(of: Outcome.self) { group in
            while !stopped {
                if Task.isCancelled { stopped = true; break }
                let t = now()
                if inFlight < window, hasEligible() {
                    let wait = max(rate.wait(now: t), paceWait(now: t))
                    if wait <= 0, var p = takeNext() {
                        if p.firstSent == nil { p.firstSent = Date() }
                        rate.book(now: t)
                        lastSend = t
                        inFlight += 1
                        stats.requests += 1
                        stats.peakConcurrency = max(stats.peakConcurrency, inFlight)
                        let portal = self.portal, token = self.token, size = options.pageSize, clock = self.clock
                        let deadline = p.firstSent!.addingTimeInterval(options.deadline)
                        group.addTask {
                            await OperationDeadline.$current.withValue(deadline) {
                                await Self.execute(p, portal: portal, token: token, pageSize: size, clock: clock)
                            }
                        }
                        continue
                    }
                    if wait > 0 { armTick(group: &group, after: wait) }
                } else if inFlight == 0 {
                    if front.isEmpty && queue.isEmpty && priority.isEmpty { break }
                    // Only delayed retries remain: wake when the earliest is due.
                    let due = (front + queue).map(\.notBefore).min() ?? t
                    armTick(group: &group, after: max(0.001, due - t))
                }
                // Wait for a completion or the timer, whichever comes first; completions are
                // handled as soon as they arrive, also while waiting for a pacing slot.
                guard let outcome = await group.next() else { continue }
                if case .tick = outcome { tickPending = false; continue }
                inFlight -= 1
                handle(outcome)
            }
            group.cancelAll()
        }
        stats.totalTime = now()
        stats.finalRate = rate.rate
        if !stoppedByError && !Task.isCancelled { continuation.yield(.finished(stats)) }
        continuation.finish()
    }

    private var stoppedByError = false

    private func armTick(group: inout TaskGroup<Outcome>, after seconds: TimeInterval) {
        guard !tickPending else { return }
        tickPending = true
        let clock = self.clock
        group.addTask {
            try? await clock.sleep(seconds)
            return .tick
        }
    }

    private var throttledOnce = false

    /// Seconds until pacing lets the next request go (0: now).
    private func paceWait(now t: TimeInterval) -> TimeInterval {
        guard let gain = options.pacingGain, gain > 0, let srtt, let last = lastSend else { return 0 }
        return max(0, last + srtt / (Double(options.concurrency) * gain) - t)
    }

    private func sampleRTT(_ rtt: TimeInterval) {
        guard rtt > 0 else { return }
        srtt = srtt.map { $0 * 0.875 + rtt * 0.125 } ?? rtt
    }

    /// Slow start: double the window after a window's worth of successes, until throttled.
    private func grow() {
        guard !throttledOnce, window < options.concurrency else { return }
        successesInWindow += 1
        if successesInWindow >= window {
            window = min(options.concurrency, window * 2)
            successesInWindow = 0
        }
    }

    private func hasEligible() -> Bool {
        if !priority.isEmpty { return true }
        let t = now()
        return front.contains { $0.notBefore <= t } || queue.contains { $0.notBefore <= t }
    }

    private func takeNext() -> Pending? {
        let t = now()
        while let id = priority.first {
            priority.removeFirst()
            if started.contains(id) { continue }
            queue.removeAll { if case .roles(let a, nil) = $0.job, a == id, $0.attempt == 0 { return true }; return false }
            started.insert(id)
            return Pending(job: .roles(accountId: id, next: nil), attempt: 0, notBefore: 0)
        }
        if let i = front.firstIndex(where: { $0.notBefore <= t }) { return front.remove(at: i) }
        while let i = queue.firstIndex(where: { $0.notBefore <= t }) {
            let p = queue.remove(at: i)
            if case .roles(let id, nil) = p.job, p.attempt == 0 {
                if started.contains(id) { continue }
                started.insert(id)
            }
            return p
        }
        return nil
    }

    private static func execute(_ p: Pending, portal: any PortalAPI, token: String, pageSize: Int,
                                clock: Clock) async -> Outcome {
        let start = clock.now()
        do {
            switch p.job {
            case .accounts(let next):
                let page = try await portal.listAccounts(accessToken: token, nextToken: next, maxResults: pageSize)
                return .accounts(page, rtt: clock.now().timeIntervalSince(start))
            case .roles(let id, let next):
                let page = try await portal.listAccountRoles(accessToken: token, accountId: id, nextToken: next,
                                                             maxResults: pageSize)
                return .roles(id, page, rtt: clock.now().timeIntervalSince(start))
            }
        } catch let e as SSOClientError {
            return .error(p, e)
        } catch {
            return .error(p, .transport(operation: "request", .cancelled))
        }
    }

    private func handle(_ o: Outcome) {
        switch o {
        case .tick:
            return
        case .accounts(let page, let rtt):
            grow()
            sampleRTT(rtt)
            if stats.firstPageAfter == nil { stats.firstPageAfter = now() }
            stats.accounts += page.items.count
            continuation.yield(.accounts(page.items))
            for a in page.items {
                listed.insert(a.accountId)
                if let ev = held.removeValue(forKey: a.accountId) { report(a.accountId, ev) }
                // An expected account's job is queued already (or done).
                if !started.contains(a.accountId) && !expectedSet.contains(a.accountId) {
                    queue.append(Pending(job: .roles(accountId: a.accountId, next: nil), attempt: 0, notBefore: 0))
                }
            }
            if let n = page.nextToken {
                front.insert(Pending(job: .accounts(next: n), attempt: 0, notBefore: 0), at: 0)
            } else {
                accountsDone = true
                continuation.yield(.accountsComplete(total: stats.accounts))
                // Expected accounts no page listed: their results are not reported, and their
                // requests still to go are not sent.
                held = [:]
                queue.removeAll { isGone($0.job) }
                front.removeAll { isGone($0.job) }
                priority.removeAll { isGone($0) }
            }
        case .roles(let id, let page, let rtt):
            grow()
            sampleRTT(rtt)
            if isGone(id) { partialRoles[id] = nil; return }
            partialRoles[id, default: []].append(contentsOf: page.items)
            if let n = page.nextToken {
                front.append(Pending(job: .roles(accountId: id, next: n), attempt: 0, notBefore: 0))
            } else {
                report(id, .roles(accountId: id, roles: partialRoles.removeValue(forKey: id) ?? []))
            }
        case .error(var p, let e):
            if e.serviceError?.kind == .tooManyRequests {
                stats.throttled += 1
                rate.throttled(now: now())
                throttledOnce = true
            }
            if e.needsLogin {
                stopped = true; stoppedByError = true
                continuation.yield(.unauthorized(e.description))
                return
            }
            if isGone(p.job) { return }
            p.attempt += 1
            let first = p.firstSent ?? Date()
            let deadline = first.addingTimeInterval(options.deadline)
            if e.isRetryable && p.attempt < options.maxAttempts {
                let cap = min(options.backoffCap, options.backoffBase * pow(2, Double(p.attempt)))
                // Throttled requests are paced by the rate controller; others get full jitter.
                let delay = e.serviceError?.kind == .tooManyRequests ? 0 : Double.random(in: 0...cap)
                if Date().addingTimeInterval(max(delay, rate.wait(now: now()))) < deadline {
                    stats.retries += 1
                    p.notBefore = now() + delay
                    if case .accounts = p.job { front.insert(p, at: 0) } else { front.append(p) }
                    return
                }
            }
            let final = e.isRetryable ? SSOClientError.gaveUp(e, tries: p.attempt, seconds: Date().timeIntervalSince(first)) : e
            switch p.job {
            case .accounts:
                stopped = true; stoppedByError = true
                continuation.yield(.failed(final.description))
            case .roles(let id, _):
                if final.serverUnavailable {
                    stopped = true; stoppedByError = true
                    continuation.yield(.failed(final.description))
                    return
                }
                partialRoles.removeValue(forKey: id)
                report(id, .accountFailed(accountId: id, message: final.description))
            }
        }
    }

    /// An expected account that the finished account pages did not list.
    private func isGone(_ id: String) -> Bool {
        accountsDone && !listed.contains(id) && expectedSet.contains(id)
    }

    private func isGone(_ job: Job) -> Bool {
        if case .roles(let id, _) = job { return isGone(id) }
        return false
    }

    /// Reports one account's roles or failure, once a page has listed the account (held until
    /// then; an expected account may finish before the page that lists it arrives).
    private func report(_ id: String, _ ev: ListingEvent) {
        guard listed.contains(id) else {
            if !accountsDone { held[id] = ev }
            return
        }
        switch ev {
        case .roles(_, let roles): stats.roles += roles.count
        case .accountFailed: stats.failedAccounts += 1
        default: break
        }
        continuation.yield(ev)
    }
}
