import Foundation

/// One AWS account the (single) emulated user can see, with its permission sets.
struct Account: Sendable, Codable, Equatable {
    var accountId: String
    var accountName: String?
    var emailAddress: String?
    var roles: [String]
}

struct OrgError: Error, CustomStringConvertible {
    var description: String
}

/// The organisation served by the emulator. Immutable once built; replaced as a whole.
final class Org: Sendable {
    let accounts: [Account]
    /// accountId -> index into `accounts`
    let index: [String: Int]
    /// accountId -> set of role names, for O(1) GetRoleCredentials checks
    let roleSets: [String: Set<String>]

    init(accounts: [Account]) throws {
        var index: [String: Int] = [:]
        var roleSets: [String: Set<String>] = [:]
        index.reserveCapacity(accounts.count)
        for (i, a) in accounts.enumerated() {
            guard a.accountId.count == 12, a.accountId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw OrgError(description: "account \(i): accountId must be 12 digits, got \(jsonQuote(a.accountId))")
            }
            guard index[a.accountId] == nil else {
                throw OrgError(description: "duplicate accountId \(a.accountId)")
            }
            if let e = a.emailAddress, e.isEmpty || e.count > 254 {
                throw OrgError(description: "account \(a.accountId): emailAddress must be 1..254 characters")
            }
            var set = Set<String>()
            for r in a.roles {
                guard !r.isEmpty else { throw OrgError(description: "account \(a.accountId): empty role name") }
                guard set.insert(r).inserted else {
                    throw OrgError(description: "account \(a.accountId): duplicate role \(r)")
                }
            }
            index[a.accountId] = i
            roleSets[a.accountId] = set
        }
        self.accounts = accounts
        self.index = index
        self.roleSets = roleSets
    }

    private struct File: Codable {
        var accounts: [Account]
    }

    static func parse(_ data: Data) throws -> Org {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw OrgError(description: "invalid org JSON: \(error)")
        }
        return try Org(accounts: file.accounts)
    }

    /// The org as JSON, in the same format `--org` reads.
    func json() -> String {
        var items: [String] = []
        items.reserveCapacity(accounts.count)
        for a in accounts {
            var o = JSONObject()
            o.add("accountId", string: a.accountId)
            o.add("accountName", string: a.accountName)
            o.add("emailAddress", string: a.emailAddress)
            o.add("roles", raw: jsonArray(a.roles.map(jsonQuote)))
            items.append(o.encoded)
        }
        return "{\"accounts\":[\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    // MARK: - Generation

    static let teams = [
        "acme", "payments", "billing", "identity", "search", "platform", "data", "analytics",
        "mobile", "web", "checkout", "inventory", "logistics", "marketing", "security", "network",
        "shared-services", "ml", "observability", "edge", "messaging", "catalog", "fraud", "ledger",
        "risk", "support", "finance", "growth", "media", "recommendations",
    ]
    static let envs = [
        "dev", "staging", "prod", "qa", "test", "sandbox", "perf", "dr", "audit", "uat", "demo", "log-archive",
    ]
    /// Unicode names other than the one `Zürich`.
    static let unicodeNames = [
        "東京-analytics", "München-prod", "São-Paulo-dev", "Kraków-staging", "Москва-sandbox",
        "Αθήνα-qa", "서울-platform", "Île-de-France-ops", "España-payments", "Ōsaka-data",
    ]
    static let permissionSets = [
        "AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "ViewOnlyAccess", "Billing",
        "DataScientist", "DatabaseAdministrator", "NetworkAdministrator", "SecurityAudit",
        "SupportUser", "SystemAdministrator", "DeveloperAccess", "S3ReadOnly", "BreakGlass",
    ]

    /// A deterministic org: the same (count, seed) always gives the same accounts in the same order.
    static func generate(count: Int, seed: UInt64) -> Org {
        var rng = SplitMix64(seed: seed)
        var names = Set<String>()
        var ids = Set<String>()
        var accounts: [Account] = []
        accounts.reserveCapacity(count)

        let zurichAt = count >= 3 ? rng.roll(count) : -1
        var tokyoAt = count >= 5 ? rng.roll(count) : -1
        if tokyoAt == zurichAt { tokyoAt = (tokyoAt + 1) % max(count, 1) }
        var unicodeUsed = 1  // index into unicodeNames; 0 (東京) is placed at tokyoAt

        for i in 0..<count {
            // 12-digit id, unique; about 1 in 20 starts with 0 (ids are strings, keep the zero).
            var id: String
            repeat {
                let leadingZero = rng.roll(20) == 0
                let n = leadingZero ? rng.roll(100_000_000_000) : 100_000_000_000 + rng.roll(900_000_000_000)
                id = String(n)
                while id.count < 12 { id = "0" + id }
            } while !ids.insert(id).inserted

            var name: String
            if i == zurichAt {
                name = "Zürich"
            } else if i == tokyoAt {
                name = unicodeNames[0]
            } else if count >= 20, rng.roll(40) == 0 {
                name = unicodeNames[unicodeUsed % unicodeNames.count]
                unicodeUsed += 1
            } else {
                let t = teams[rng.roll(teams.count)]
                let e = envs[rng.roll(envs.count)]
                name = "\(t)-\(e)"
            }
            if names.contains(name) || (name == "Zürich" && i != zurichAt) {
                var k = 2
                while names.contains("\(name)-\(k)") { k += 1 }
                name = "\(name)-\(k)"
            }
            names.insert(name)

            // About 1 in 7 accounts has no email address.
            var email: String? = nil
            if rng.roll(7) != 0 {
                let ascii = name.allSatisfy { $0.isASCII }
                email = ascii ? "aws+\(name)@acme.example" : "aws+\(id)@acme.example"
            }

            // 1–6 roles, weighted towards 2–3.
            let weights = [15, 30, 25, 15, 10, 5]
            var pick = rng.roll(100)
            var roleCount = 1
            for (k, w) in weights.enumerated() {
                if pick < w { roleCount = k + 1; break }
                pick -= w
            }
            var pool = permissionSets
            var roles: [String] = []
            // AdministratorAccess is in most accounts, first, as in real orgs.
            if rng.roll(4) != 0 {
                roles.append(pool.removeFirst())
            } else {
                pool.removeFirst()
            }
            while roles.count < roleCount {
                roles.append(pool.remove(at: rng.roll(pool.count)))
            }
            accounts.append(Account(accountId: id, accountName: name, emailAddress: email, roles: roles))
        }
        // Safe: generated data always validates.
        return try! Org(accounts: accounts)
    }
}
