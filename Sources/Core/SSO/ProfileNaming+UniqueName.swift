import Foundation

extension ProfileNaming {
    /// A name that is not in `taken`: `base`, else `base-2`, `base-3`, ...
    public static func uniqueName(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var k = 2
        while taken.contains("\(base)-\(k)") { k += 1 }
        return "\(base)-\(k)"
    }
}
