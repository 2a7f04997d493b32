#pragma once
// The exit codes palctl promises to scripts (issue 5). Nothing else is ever returned.

namespace palctl {

enum ExitCode : int {
    Ok = 0,            // done
    ServiceFailed = 1, // the service, the network or the keychain failed
    Usage = 2,         // invalid input or usage; nothing was sent
    SignInNeeded = 3,  // no account, or the directory needs interaction (MFA, consent)
    NotFound = 4,      // no link in the directory, or not linked to that partner ID
};

} // namespace palctl
