import TUIKit
print("TUIKit example: not built yet")
