import Foundation

/// `doctor --fix` for files: modes, ownership, orphan and unreadable cache files, the role
/// credentials of expired sessions. Logins are the App's (they need a terminal).
///
/// Safety: only what a finding names is touched, and a file about to be removed that holds a
/// valid token of a configured session by now (a login wrote it meanwhile) is kept.
public enum DoctorFixer {
    /// One thing `--fix` did, or tried and could not do.
    public struct Outcome: Sendable, Equatable {
        public var ok: Bool
        public var check: DoctorCheck
        public var text: String
    }

    /// Applies the file repairs of `findings` (each once, in order). `protectedTokens`: token
    /// file paths of configured sessions, kept whenever they hold a valid token.
    public static func applyFileRepairs(_ findings: [DoctorFinding], fs: any DoctorFileSystem, now: Date,
                                        protectedTokens: Set<String> = []) -> [Outcome] {
        var done = Set<DoctorRepair>()
        var out: [Outcome] = []
        // Modes and ownership first: a file made readable can then be judged by the later repairs.
        let ordered = findings.flatMap { f in f.repairs.filter(\.isFileRepair).map { (f, $0) } }
            .sorted { rank($0.1) < rank($1.1) }
        for (f, r) in ordered where !done.contains(r) {
            done.insert(r)
            do {
                switch r {
                case let .chmod(path, mode):
                    let was = fs.info(path)?.mode
                    try fs.setMode(path, mode)
                    out.append(Outcome(ok: true, check: f.check,
                                       text: "\(path): mode \(was.map(Doctor.octal) ?? "?") -> \(Doctor.octal(mode))"))
                case let .takeOwnership(path):
                    guard case let .data(d) = fs.read(path) else {
                        out.append(Outcome(ok: false, check: f.check, text: "\(path): cannot be read any more; left alone"))
                        continue
                    }
                    try fs.replace(path, with: d)
                    out.append(Outcome(ok: true, check: f.check, text: "\(path): now yours, mode 0600 (same content)"))
                case let .remove(path):
                    if protectedTokens.contains(path), case let .data(d) = fs.read(path),
                       let t = Doctor.parseToken(d), !t.isExpired(at: now) {
                        out.append(Outcome(ok: false, check: f.check, text: "\(path): holds a valid token of a configured session; kept"))
                        continue
                    }
                    try fs.remove(path)
                    let what: String
                    switch f.check {
                    case .cacheOrphan: what = "orphan token"
                    case .tokenExpired: what = "cached role credentials of \(f.subject) (expired)"
                    default: what = "unreadable cache file"
                    }
                    out.append(Outcome(ok: true, check: f.check, text: "\(path): removed (\(what))"))
                case .login:
                    break
                }
            } catch {
                out.append(Outcome(ok: false, check: f.check, text: "\(error)"))
            }
        }
        return out
    }

    private static func rank(_ r: DoctorRepair) -> Int {
        switch r {
        case .chmod(let p, _): return p.hasSuffix(".json") ? 1 : 0   // directories first
        case .takeOwnership: return 2
        case .remove: return 3
        case .login: return 4
        }
    }

    /// The sessions `--fix` offers to log in, in finding order (each once).
    public static func loginTargets(_ findings: [DoctorFinding]) -> [DoctorLoginTarget] {
        var seen = Set<DoctorLoginTarget>()
        var out: [DoctorLoginTarget] = []
        for f in findings {
            for case let .login(t) in f.repairs where !seen.contains(t) {
                seen.insert(t)
                out.append(t)
            }
        }
        return out
    }

    /// Token file paths of the configured sessions of `doc` (never removed while valid).
    public static func sessionTokenPaths(_ input: DoctorInput) -> Set<String> {
        guard let doc = input.config.document else { return [] }
        let cache = SSOCache(directory: input.ssoCacheDirectory)
        return Set(Doctor.sessionUnits(doc).map { cache.path(forKey: $0.tokenKey) })
    }
}
