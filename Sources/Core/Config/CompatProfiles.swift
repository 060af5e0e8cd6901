import Foundation

/// Profiles for SDKs that predate sso-session support (the AWS SDK for Go v2 before config 1.18,
/// as in Debian 12 and older Terraform providers): they need `sso_start_url` and `sso_region` in
/// the profile, and read the token from `~/.aws/sso/cache/sha1(start URL).json`.
///
/// A session is compat when its section says `sso_tui_compat = true` (botocore ignores the key),
/// or when a profile of it carries `sso_start_url`. Its profiles then carry `sso_start_url` and
/// `sso_region` equal to the session's beside `sso_session` (botocore and the AWS CLI accept
/// that, and check the values agree), and a login writes the token under both keys.
public enum CompatProfiles {
    /// The sso-session key that turns compat on.
    public static let key = "sso_tui_compat"

    /// Whether `session` is a compat session in `doc`.
    public static func isCompat(_ doc: ConfigDocument, session: String) -> Bool {
        if doc.ssoSession(named: session)?.values[key]?.lowercased() == "true" { return true }
        // The two values looked up per profile, not every profile built (`doc.profiles`, with its
        // dictionaries, was a third of `use NAME` on a 2,000-profile config). Same answer.
        return doc.parsed.effective(kindOf: { if case let .profile(n) = $0 { return n } else { return nil } })
            .contains { _, idx in
                doc.rawValue(index: idx, key: "sso_session") == session && doc.rawValue(index: idx, key: "sso_start_url") != nil
            }
    }
}
