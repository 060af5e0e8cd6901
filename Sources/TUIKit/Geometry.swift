/// A width and height in terminal cells.
///
/// ```swift
/// let s = Size(width: 80, height: 24)
/// ```
public struct Size: Hashable, Sendable, CustomStringConvertible {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Creates a size; negative values are clamped to zero.
    ///
    /// ```swift
    /// Size(width: 20, height: 5)
    /// ```
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
    /// `"80x24"`.
    public var description: String { "\(width)x\(height)" }
}

/// A cell position: `x` is the column, `y` the row, both from 0.
///
/// ```swift
/// canvas.cursor = Point(x: 3, y: 1)
/// ```
public struct Point: Hashable, Sendable {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int
    /// Creates a point.
    ///
    /// ```swift
    /// Point(x: 0, y: 0)
    /// ```
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// A rectangle of cells. Empty rectangles (zero width or height) draw nothing.
///
/// ```swift
/// let r = Rect(x: 0, y: 0, width: 80, height: 24).inset(by: 1)   // 78x22 at (1,1)
/// ```
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a rectangle; negative sizes are clamped to zero.
    ///
    /// ```swift
    /// Rect(x: 2, y: 1, width: 10, height: 3)
    /// ```
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y
        self.width = max(0, width); self.height = max(0, height)
    }

    /// A rectangle at the origin with the given size.
    ///
    /// ```swift
    /// Rect(size: Size(width: 80, height: 24))
    /// ```
    public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    /// Column just past the right edge.
    public var maxX: Int { x + width }
    /// Row just past the bottom edge.
    public var maxY: Int { y + height }
    /// True when the rectangle has no cells.
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// The size of the rectangle.
    public var size: Size { Size(width: width, height: height) }
    /// `"(x,y) WxH"`.
    public var description: String { "(\(x),\(y)) \(width)x\(height)" }

    /// True when `p` lies inside.
    ///
    /// ```swift
    /// Rect(x: 0, y: 0, width: 2, height: 2).contains(Point(x: 1, y: 1))  // true
    /// ```
    public func contains(_ p: Point) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }

    /// The overlap of two rectangles (empty when they do not overlap).
    ///
    /// ```swift
    /// a.intersection(b)
    /// ```
    public func intersection(_ o: Rect) -> Rect {
        let nx = max(x, o.x), ny = max(y, o.y)
        let mx = min(maxX, o.maxX), my = min(maxY, o.maxY)
        return Rect(x: nx, y: ny, width: mx - nx, height: my - ny)
    }

    /// Shrinks every side by `n` cells.
    ///
    /// ```swift
    /// area.inset(by: 1)   // inside a border
    /// ```
    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// Shrinks each side by its own amount.
    ///
    /// ```swift
    /// area.inset(top: 1, left: 2, bottom: 1, right: 2)
    /// ```
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// A rectangle of at most `size`, centred in this one.
    ///
    /// ```swift
    /// let dialog = screen.centered(Size(width: 40, height: 7))
    /// ```
    public func centered(_ s: Size) -> Rect {
        let w = min(s.width, width), h = min(s.height, height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }
}
