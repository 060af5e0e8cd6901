print("aws-sso-emulator: not built yet")
