/// How much space one part of a ``Layout`` gets.
///
/// ```swift
/// let parts: [Constraint] = [.length(1), .fill(1), .length(1)]  // header, body, footer
/// ```
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less only when there is not enough room).
    case length(Int)
    /// At least `n` cells; grows like `.fill(1)` when there is room to spare.
    case min(Int)
    /// At most `n` cells; otherwise like `.fill(1)`.
    case max(Int)
    /// A percentage (0–100) of the whole.
    case percentage(Int)
    /// A share of what is left after the fixed parts, proportional to the weight.
    case fill(Int)
}

/// The direction ``Layout`` splits in.
///
/// ```swift
/// Layout(.horizontal, [.percentage(30), .fill(1)])
/// ```
public enum Direction: Hashable, Sendable {
    /// Side by side (columns).
    case horizontal
    /// Stacked (rows).
    case vertical
}

/// Splits a rectangle into parts by constraints, like ratatui's `Layout`.
/// Fixed parts (`length`, `percentage`, the minimum of `min`) are served first, in order,
/// and shrink from the end when space runs out; the rest is shared among `fill`, `min` and
/// `max` parts by weight. With at least one flexible part (`fill`, `min`, `max` below its cap),
/// the parts tile the rectangle exactly (no gaps except `spacing`); with only fixed parts the
/// remainder stays unused at the end.
///
/// ```swift
/// let rows = Layout(.vertical, [.length(1), .fill(1), .length(1)]).split(screen)
/// let cols = Layout(.horizontal, [.percentage(25), .percentage(35), .fill(1)], spacing: 1).split(rows[1])
/// ```
public struct Layout: Hashable, Sendable {
    /// The split direction.
    public var direction: Direction
    /// One constraint per part.
    public var constraints: [Constraint]
    /// Empty cells between parts.
    public var spacing: Int

    /// Creates a layout.
    ///
    /// ```swift
    /// Layout(.vertical, [.fill(1), .length(3)])
    /// ```
    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction; self.constraints = constraints; self.spacing = max(0, spacing)
    }

    /// The lengths (in cells) each part gets out of `total`.
    ///
    /// ```swift
    /// Layout(.horizontal, [.length(10), .fill(1)]).sizes(total: 30)  // [10, 20]
    /// ```
    public func sizes(total: Int) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let gaps = spacing * (n - 1)
        var remaining = Swift.max(0, total - gaps)
        let available = remaining
        var out = [Int](repeating: 0, count: n)
        // Fixed parts first.
        for (i, c) in constraints.enumerated() {
            let want: Int
            switch c {
            case .length(let l): want = Swift.max(0, l)
            case .percentage(let p): want = available * Swift.min(100, Swift.max(0, p)) / 100
            case .min(let m): want = Swift.max(0, m)
            case .max, .fill: want = 0
            }
            let got = Swift.min(want, remaining)
            out[i] = got; remaining -= got
        }
        // Flexible parts share the rest by weight.
        var weights = constraints.map { c -> Int in
            switch c {
            case .fill(let w): return Swift.max(0, w)
            case .min, .max: return 1
            default: return 0
            }
        }
        while remaining > 0 {
            let totalWeight = weights.reduce(0, +)
            if totalWeight == 0 { break }
            var given = 0
            var share = [Int](repeating: 0, count: n)
            for i in 0..<n where weights[i] > 0 {
                share[i] = remaining * weights[i] / totalWeight
            }
            // Hand out rounding leftovers to the first flexible parts.
            var left = remaining - share.reduce(0, +)
            for i in 0..<n where weights[i] > 0 && left > 0 { share[i] += 1; left -= 1 }
            var capped = false
            for i in 0..<n where weights[i] > 0 {
                var s = share[i]
                if case .max(let m) = constraints[i], out[i] + s >= m {
                    s = Swift.max(0, m - out[i]); weights[i] = 0; capped = true
                }
                out[i] += s; given += s
            }
            remaining -= given
            if !capped { break }
        }
        return out
    }

    /// Splits `rect` into one rectangle per constraint.
    ///
    /// ```swift
    /// let (left, right) = { let r = Layout(.horizontal, [.fill(1), .fill(2)]).split(area); return (r[0], r[1]) }()
    /// ```
    public func split(_ rect: Rect) -> [Rect] {
        let total = direction == .horizontal ? rect.width : rect.height
        var pos = direction == .horizontal ? rect.x : rect.y
        return sizes(total: total).map { len in
            defer { pos += len + spacing }
            return direction == .horizontal
                ? Rect(x: pos, y: rect.y, width: len, height: rect.height)
                : Rect(x: rect.x, y: pos, width: rect.width, height: len)
        }
    }
}
