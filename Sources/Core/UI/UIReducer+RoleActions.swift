import Foundation

// What a role does besides a profile: the console and its credentials.
extension UIReducer {
    static func reduceRoleActions(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .openConsole(let acct, let role):
            guard let n = s.selectedSession, let sess = s.currentSession else { return [] }
            let region = s.profile(session: n, accountId: acct, role: role)?.region ?? sess.region
            setMessage(&s, UIMessage("Opening the AWS console as \(role) in \(accountLabel(s, n, acct))…"))
            s.awaitingToken = UIPendingAction(session: n, action: action)
            return [.openConsole(session: n, accountId: acct, role: role, region: region)]
        case .copyCredentials(let acct, let role):
            guard let n = s.selectedSession else { return [] }
            s.awaitingToken = UIPendingAction(session: n, action: action)
            return [.copyCredentials(session: n, accountId: acct, role: role)]
        default:
            return []
        }
    }

    static func accountLabel(_ s: UIState, _ session: String, _ id: String) -> String {
        guard let a = s.listings[session]?.account(id), let n = a.accountName else { return id }
        return "\(n) (\(id))"
    }
}
