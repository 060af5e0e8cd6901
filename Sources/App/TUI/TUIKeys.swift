import Core
import Foundation
import TUIKit

/// Key handling per screen. Returns the domain actions to run.
enum TUIKeys {
    static func handle(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        if case .resize(let size) = event { s.size = size; return [] }
        return TUIKeymap.handle(&s, event)
    }

    static func populate(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.populateForm, let initial = s.populateFormFor else { return [] }
        let r = f.handle(event)
        s.populateForm = f
        let req = TUIUpdate.populateRequest(f, initial)
        switch r {
        case .submitted: return [.submitPopulate(req)]
        case .cancelled: return [.back]
        case .changed:
            guard req != s.populateSent else { return [] }
            s.populateSent = req
            return [.populateChanged(req)]
        case .ignored:
            guard case .key(let k) = event else { return [] }
            switch k {
            case .home: s.populateList.moveToTop()
            case .end: s.populateList.scroll(pages: Int.max / 4)
            default: break
            }
            return []
        }
    }

    static func sessionForm(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.sessionForm else { return [] }
        let r = f.handle(event)
        s.sessionForm = f
        switch r {
        case .submitted: return [.submitSession(TUIUpdate.sessionDraft(f))]
        case .cancelled: return [.back]
        case .changed:
            s.ui.sessionFormError = nil
            return []
        case .ignored:
            if case .key(.char("q")) = event { s.quit = true }
            return []
        }
    }

    static func editor(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.editorForm else { return [] }
        let r = f.handle(event)
        s.editorForm = f
        switch r {
        case .submitted: return [.submitProfile(TUIUpdate.profileDraft(f))]
        case .cancelled: return [.back]
        case .changed:
            s.ui.editorError = nil
            return []
        case .ignored: return []
        }
    }
}
