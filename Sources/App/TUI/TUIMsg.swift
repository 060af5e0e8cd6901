import Core
import Foundation
import TUIKit

/// Messages into the runtime loop.
enum TUIMsg: Sendable {
    case input(InputEvent)
    case ui(UIAction)
    case tick
    case spin
    case doctor(DoctorPanel.Result)
}

typealias TUICommandList = [Command<TUIMsg, UIEffect>]
